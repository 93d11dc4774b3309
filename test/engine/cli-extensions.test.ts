import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "../../sandbox";
import { EngineProject, LANES, pulumiCliDir, withClockRunning, type Running } from "../../harness/engine-project";
import { REPO_ROOT } from "../../harness/paths";
import { eventually } from "../helpers/host-session";
import { pleskStack } from "./plesk-stack";
import { succeeded } from "./succeeded";

/**
 * Extension through the real CLI: from YAML over the `plesk` plugin (installed from its archive),
 * from TypeScript through the Node.js language host, and from Python through the committed SDK,
 * against a sandbox playing a current Plesk Obsidian (Let's Encrypt installed, as Plesk ships).
 */
let archives: string[];

beforeAll(() => {
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "pack-plugins.mjs")], { stdio: "pipe" });
  const out = join(REPO_ROOT, "dist", "plugins");
  archives = readdirSync(out).map((file) => join(out, file));
}, 120_000);

const lane = LANES[0]![1]();

/** What the sandbox's panel installed, oldest first, by id or URL. */
const installs = (sandbox: Sandbox) =>
  sandbox.extensions!.installLog().map((entry) => ("id" in entry.source ? entry.source.id : entry.source.url));

const YAML_PROGRAM = `resources:
  wpt:
    type: plesk:index:Extension
    properties: { extensionId: wp-toolkit }
  le:
    type: plesk:index:Extension
    properties: { extensionId: letsencrypt }
outputs:
  wptVersion: \${wpt.version}
  leAdopted: \${le.adopted}
`;

describe("Extension from YAML over the plesk plugin", () => {
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-extensions", YAML_PROGRAM, archives);
    sandbox = await pleskStack(project);
  }, 300_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("up installs WP Toolkit once and adopts Let's Encrypt; a refresh asks with one get; preview finds nothing to do", async () => {
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/installing extension wp-toolkit; Plesk answers when the install has ended/);
    expect(up.stdout).toMatch(/extension wp-toolkit 6\.8\.2 installed/);
    expect(up.stdout).toMatch(/extension letsencrypt 3\.2\.6 is installed already: adopted, nothing installed/);
    expect(installs(sandbox)).toEqual(["wp-toolkit"]);
    sandbox.resetCounts();
    // Without --skip-preview, a refresh reads everything twice: once to preview, once for real.
    succeeded(await project.pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes"));
    expect(sandbox.counts().operationsByName).toEqual({ "extension:get": 1 });
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
  }, 300_000);

  test("Plesk's own update is news: refresh records the newer version, and preview still expects no changes", async () => {
    sandbox.extensions!.updateByPlesk("wp-toolkit");
    succeeded(await project.pulumi("refresh", "--yes"));
    const state = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources?: { urn: string; outputs?: object }[] } } };
    const wpt = (state.checkpoint.latest.resources ?? []).find((resource) => resource.urn.endsWith("::wpt"));
    expect(wpt?.outputs).toMatchObject({ version: "6.8.3", release: "9141", adopted: false });
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
    expect(installs(sandbox)).toEqual(["wp-toolkit"]);
  }, 300_000);

  test("uninstalled behind Pulumi's back: refresh drops it, up installs it again", async () => {
    sandbox.extensions!.uninstall("wp-toolkit");
    succeeded(await project.pulumi("refresh", "--yes"));
    succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(installs(sandbox)).toEqual(["wp-toolkit", "wp-toolkit"]);
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
  }, 300_000);

  test("import adopts an installed extension; an id not installed fails naming it and the server", async () => {
    const imported = succeeded(await project.pulumi("import", "plesk:index:Extension", "le2", "letsencrypt", "--yes", "--protect=false"));
    expect(imported.stdout).toMatch(/= 1 imported|1 imported/);
    const missing = await project.pulumi("import", "plesk:index:Extension", "docker", "docker", "--yes", "--protect=false");
    expect(missing.code).not.toBe(0);
    expect(missing.stdout + missing.stderr).toMatch(
      /extension docker is not installed on Plesk at https:\/\/127\.0\.0\.1:\d+: pulumi import takes over only an installed extension/,
    );
  }, 300_000);

  test("destroy uninstalls only what the stack installed; the adopted ones stay", async () => {
    const destroy = succeeded(await project.pulumi("destroy", "--yes"));
    expect(destroy.stdout).toMatch(/extension letsencrypt stays installed/);
    expect([...sandbox.extensions!.installed.keys()]).toEqual(["letsencrypt"]);
  }, 300_000);

  test("an id the catalog does not have fails the up naming it and Plesk's text; nothing is recorded", async () => {
    project.writeYaml(`resources:
  nope:
    type: plesk:index:Extension
    properties: { extensionId: no-such-extension }
`);
    const failed = await withClockRunning(sandbox, project.program("up"));
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toMatch(
      /Plesk extension install failed for extension id "no-such-extension" on Plesk at https:\/\/127\.0\.0\.1:\d+ with error 1013: Extension no-such-extension was not found in the catalog/,
    );
    const state = JSON.parse(project.stateFile()) as { checkpoint: { latest: { resources?: { type: string }[] } } };
    expect((state.checkpoint.latest.resources ?? []).filter((resource) => resource.type === "plesk:index:Extension")).toEqual([]);
  }, 300_000);
});

describe("an interrupted install: the next up records what it produced, and Plesk installed it once", () => {
  let sandbox: Sandbox;
  let project: EngineProject;
  /** Whatever ends the first up's wait on the install. */
  const INTERRUPTIONS = {
    "a customTimeouts.create shorter than the install": async () => {
      project.writeYaml(`resources:
  docker:
    type: plesk:index:Extension
    properties: { extensionId: docker }
    options:
      customTimeouts: { create: 2s }
`);
      return project.program("up").done; // the clock stands still: the install never ends
    },
    "a Ctrl-C": async () => {
      project.writeYaml(`resources:
  docker:
    type: plesk:index:Extension
    properties: { extensionId: docker }
`);
      const run = project.program("up");
      await whileRunning(run, () => /installing extension docker/.test(run.output()), "the install to start", 120_000);
      process.kill(run.process.pid!, "SIGINT"); // as a terminal's Ctrl-C reaches the CLI
      return run.done;
    },
  };

  beforeEach(async () => {
    project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-extension-interrupted", "resources: {}\n", archives);
    sandbox = await pleskStack(project);
  }, 300_000);

  afterEach(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test.each(Object.keys(INTERRUPTIONS) as (keyof typeof INTERRUPTIONS)[])(
    "%s",
    async (interruption) => {
      const interrupted = await INTERRUPTIONS[interruption]();
      expect(interrupted.code).not.toBe(0);
      expect(interrupted.stdout).toMatch(/extension docker: the install sent to Plesk at .* had not ended when this wait did/);
      expect(installs(sandbox)).toEqual(["docker"]);
      // The engine reads the resource left not ready, then updates it: either settles it, never installing again.
      succeeded(await withClockRunning(sandbox, project.program("up")));
      const state = JSON.parse(project.stateFile()) as {
        checkpoint: { latest: { resources?: { type: string; id?: string; outputs?: object }[] } };
      };
      const docker = (state.checkpoint.latest.resources ?? []).find((resource) => resource.type === "plesk:index:Extension");
      expect(docker).toMatchObject({ id: "docker", outputs: { version: "1.9.4", adopted: false } });
      expect(docker?.outputs).not.toHaveProperty("installStartedAt");
      expect(installs(sandbox)).toEqual(["docker"]);
      succeeded(await project.pulumi("preview", "--expect-no-changes"));
      succeeded(await project.pulumi("destroy", "--yes"));
      expect([...sandbox.extensions!.installed.keys()]).toEqual(["letsencrypt"]);
    },
    300_000,
  );
});

test("a Plesk older than Onyx 17.0 fails the preview naming the server and the version it reports; nothing is sent", async () => {
  const project = EngineProject.yaml(lane, pulumiCliDir(), "plesk-extension-old", YAML_PROGRAM, archives);
  const sandbox = await pleskStack(project, { extensionOperator: false, pleskVersion: "12.5.30" });
  try {
    const preview = await project.pulumi("preview");
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(
      /does not offer the XML API extension operator \(Plesk Onyx 17\.0, XML API 1\.6\.8\.0, and later\).*The server reports Plesk 12\.5\.30/,
    );
  } finally {
    await sandbox.close();
    project.remove();
  }
}, 300_000);

const TYPESCRIPT_PROGRAM = `import { Extension } from "pulumi-plesk-aps";

const wpt = new Extension("wpt", { extensionId: "wp-toolkit" });
new Extension("le", { extensionId: "letsencrypt" });
export const wptVersion = wpt.version;
`;

const PYTHON_PROGRAM = `import pulumi
import pulumi_plesk as plesk

wpt = plesk.Extension("wpt", extension_id="wp-toolkit")
plesk.Extension("le", extension_id="letsencrypt")
pulumi.export("wptVersion", wpt.version)
`;

const LANGUAGES = {
  "TypeScript through the Node.js language host": () =>
    EngineProject.create(lane, pulumiCliDir(), "plesk-extensions-ts", TYPESCRIPT_PROGRAM),
  "Python through the committed SDK": async () => {
    const runtime = "runtime:\n  name: python\n  options:\n    virtualenv: venv\n";
    const project = EngineProject.native(lane, pulumiCliDir(), "plesk-extensions-python", runtime, archives);
    writeFileSync(join(project.dir, "__main__.py"), PYTHON_PROGRAM);
    project.useVirtualenv("venv");
    const sdk = join(REPO_ROOT, "sdk", "python", "plesk");
    succeeded(await project.shell(`python3 -m venv venv && venv/bin/pip install pulumi && venv/bin/pip install ${JSON.stringify(sdk)}`));
    return project;
  },
};

describe.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])("Extension from %s", (language) => {
  let sandbox: Sandbox;
  let project: EngineProject;

  beforeAll(async () => {
    project = await LANGUAGES[language]();
    sandbox = await pleskStack(project);
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
    project?.remove();
  });

  test("up installs WP Toolkit once, refresh and preview are clean, destroy removes only what the stack installed", async () => {
    const up = succeeded(await withClockRunning(sandbox, project.program("up")));
    expect(up.stdout).toMatch(/\+ 3 created/);
    expect(installs(sandbox)).toEqual(["wp-toolkit"]);
    succeeded(await project.pulumi("refresh", "--yes", "--expect-no-changes"));
    succeeded(await project.pulumi("preview", "--expect-no-changes"));
    succeeded(await project.pulumi("destroy", "--yes"));
    expect([...sandbox.extensions!.installed.keys()]).toEqual(["letsencrypt"]);
    expect(installs(sandbox)).toEqual(["wp-toolkit"]);
  }, 600_000);
});

/** Waits for `condition` of a run in progress; on failure, says what the run printed. */
function whileRunning(run: Running, condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  return eventually(condition, what, timeoutMs).catch((error: Error) => {
    throw new Error(`${error.message}; the run printed:\n${run.output()}`);
  });
}
