import { execFileSync } from "node:child_process";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createSandboxCertificate } from "../../sandbox/tls-certificate";
import { EngineProject, LANES, pulumiCliDir, withClockRunning } from "../../harness/engine-project";
import { REPO_ROOT } from "../../harness/paths";
import { RELEASE_REPOSITORY } from "../../provider/plugin/package-schema";
import { pleskStack } from "./plesk-stack";
import { succeeded } from "./succeeded";

/**
 * The plugins as a release ships them: an archive that carries its own Node.js, installed on a
 * machine with no `node` on PATH; and archives the CLI fetches by itself from the schema's
 * pluginDownloadURL, into an empty PULUMI_HOME, with no `pulumi plugin install` step, for programs
 * over the SDK packages a release builds (installed from the wheel and the npm tarball).
 */
const lane = LANES[0]![1]();
const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
let bundled: string;
let released: string;
/** The SDK packages as a release builds them: a Python wheel and sdist, an npm tarball, per package. */
let sdkPackages: string;

beforeAll(() => {
  bundled = mkdtempSync(join(tmpdir(), "plesk-aps-release-"));
  const script = join(REPO_ROOT, "scripts", "pack-plugins.mjs");
  execFileSync(process.execPath, [script, "--platforms", "linux-amd64", "--bundle-node", "--out", bundled], { stdio: "pipe" });
  released = mkdtempSync(join(tmpdir(), "plesk-aps-released-"));
  execFileSync(process.execPath, [script, "--platforms", "linux-amd64", "--out", released], { stdio: "pipe" });
  sdkPackages = mkdtempSync(join(tmpdir(), "plesk-aps-sdk-packages-"));
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "release.mjs"), "--sdks-only", "--out", sdkPackages], { stdio: "pipe" });
}, 600_000);

afterAll(() => {
  for (const dir of [bundled, released, sdkPackages]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A folder of links to the few tools the plugin's launcher uses, and none to `node`. */
function toolsWithoutNode(dir: string): string {
  const tools = join(dir, ".tools");
  mkdirSync(tools);
  for (const tool of ["sh", "dirname", "bash"]) {
    const found = ["/usr/bin", "/bin"].map((folder) => join(folder, tool)).find((path) => existsSync(path));
    if (found) symlinkSync(found, join(tools, tool));
  }
  return tools;
}

test("the linux-amd64 archive runs on the Node.js it carries: installed where PATH has no node, a YAML program's up works", async () => {
  const archives = readdirSync(bundled).map((file) => join(bundled, file));
  const project = EngineProject.native(
    lane,
    pulumiCliDir(),
    "plesk-nodeless",
    "runtime: yaml\nresources:\n  wpt:\n    type: plesk:index:Extension\n    properties: { extensionId: wp-toolkit }\n",
    archives,
  );
  const sandbox = await pleskStack(project);
  try {
    project.usePath([toolsWithoutNode(project.dir), pulumiCliDir()]);
    const noNode = await project.shell("command -v node || echo none");
    expect(noNode.stdout.trim()).toBe("none");
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/extension wp-toolkit 6\.8\.2 installed/);
    succeeded(await project.pulumi("destroy", "--yes"));
  } finally {
    await sandbox.close();
    project.remove();
  }
}, 600_000);

/** The archives over HTTPS as a release's assets, and every path asked for. */
async function releaseServer(dir: string): Promise<{ url: string; caPath: string; asked: string[]; server: Server }> {
  const certificate = createSandboxCertificate();
  const caPath = join(dir, "release-ca.pem");
  writeFileSync(caPath, certificate.caCert);
  const asked: string[] = [];
  const server = createServer({ cert: certificate.serverCertChain, key: certificate.serverKey }, (request, response) => {
    asked.push(request.url ?? "");
    const file = join(released, basename(request.url ?? ""));
    if (!request.url?.startsWith("/releases/") || !existsSync(file)) return void response.writeHead(404).end();
    // The CLI checks what it copied against Content-Length, as release asset servers send it.
    response.writeHead(200, { "content-type": "application/gzip", "content-length": statSync(file).size });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/releases`, caPath, asked, server };
}

const YAML_OPTIONS = `    options:
      version: ${version}
      pluginDownloadURL: github://api.github.com/${RELEASE_REPOSITORY.owner}/${RELEASE_REPOSITORY.name}
`;

const PYTHON_PROGRAM = `import pulumi
import pulumi_plesk as plesk

wpt = plesk.Extension("wpt", extension_id="wp-toolkit")
pulumi.export("wptVersion", wpt.version)
`;

const NODEJS_PROGRAM = `const plesk = require("@pulumi-plesk-aps/plesk");

const wpt = new plesk.Extension("wpt", { extensionId: "wp-toolkit" });
exports.wptVersion = wpt.version;
`;

const ACQUIRING = {
  YAML: async () =>
    EngineProject.native(
      lane,
      pulumiCliDir(),
      "plesk-acquired-yaml",
      `runtime: yaml\nresources:\n  wpt:\n    type: plesk:index:Extension\n    properties: { extensionId: wp-toolkit }\n${YAML_OPTIONS}`,
      [],
    ),
  "Python (the SDK's wheel)": async () => {
    const runtime = "runtime:\n  name: python\n  options:\n    virtualenv: venv\n";
    const project = EngineProject.native(lane, pulumiCliDir(), "plesk-acquired-python", runtime, []);
    writeFileSync(join(project.dir, "__main__.py"), PYTHON_PROGRAM);
    project.useVirtualenv("venv");
    const wheel = join(sdkPackages, `pulumi_plesk-${version}-py3-none-any.whl`);
    succeeded(await project.shell(`python3 -m venv venv && venv/bin/pip install pulumi ${JSON.stringify(wheel)}`));
    return project;
  },
  "JavaScript (the npm SDK package)": async () => {
    const project = EngineProject.native(lane, pulumiCliDir(), "plesk-acquired-nodejs", "runtime: nodejs\n", []);
    writeFileSync(join(project.dir, "index.js"), NODEJS_PROGRAM);
    writeFileSync(join(project.dir, "package.json"), JSON.stringify({ name: "plesk-acquired-nodejs", private: true, main: "index.js" }));
    const tarball = join(sdkPackages, `pulumi-plesk-aps-plesk-${version}.tgz`);
    succeeded(await project.shell(`npm install --no-audit --no-fund ${JSON.stringify(tarball)} @pulumi/pulumi@${lane.sdkVersion}`));
    return project;
  },
};

describe.each(Object.keys(ACQUIRING) as (keyof typeof ACQUIRING)[])(
  "a %s program fetches the plugin from the pluginDownloadURL by itself",
  (language) => {
    test("an empty PULUMI_HOME, automatic plugin acquisition on: up downloads the archive once and works", async () => {
      const project = await ACQUIRING[language]();
      const release = await releaseServer(project.dir);
      const sandbox = await pleskStack(project);
      try {
        const installed = join(project.dir, ".pulumi-home", "plugins");
        expect(existsSync(installed) ? readdirSync(installed) : []).toEqual([]);
        project.setVariables({
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
          // The schema names GitHub releases; a release that is not published yet is served from here instead.
          PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^github://api.github.com/${RELEASE_REPOSITORY.owner}/${RELEASE_REPOSITORY.name}=${release.url}`,
          SSL_CERT_FILE: release.caPath,
        });
        const up = succeeded(await withClockRunning(sandbox, project.program("up")));
        expect(up.stdout).toMatch(/extension wp-toolkit 6\.8\.2 installed/);
        expect(release.asked).toEqual([`/releases/pulumi-resource-plesk-v${version}-linux-amd64.tar.gz`]);
        succeeded(await project.pulumi("destroy", "--yes"));
      } finally {
        await sandbox.close();
        release.server.close();
        project.remove();
      }
    }, 600_000);
  },
);
