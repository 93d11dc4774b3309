// `npm run plugins`: dist/plugins/pulumi-resource-<name>-v<version>-linux-amd64.tar.gz for each
// native plugin, self-contained: the built provider, and of node_modules only what it loads
// (the HTTP and XML libraries, gRPC, and Pulumi's generated protocol stubs, not the whole SDK),
// and the sandbox with its launcher `plesk-aps-sandbox`, so that a user of any language can try
// the plugin with no Plesk. Installed with `pulumi plugin install resource <name> <version> --file <archive>`.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(import.meta.dirname, "..");
const OUT = path.join(REPO, "dist", "plugins");
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

const sandboxLauncher = `#!/bin/sh
# The sandbox Plesk and GetApp server (pulumi-plesk-aps ${manifest.version}); it runs on Node.js 20.18+ from PATH.
command -v node >/dev/null 2>&1 || { echo "plesk-aps-sandbox needs Node.js 20.18 or newer on PATH" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
exec node "$here/lib/dist/sandbox/cli.js" "$@"
`;

const launcher = (name) => `#!/bin/sh
# The native plugin of the \`${name}\` Pulumi package (pulumi-plesk-aps ${manifest.version}); it runs on Node.js 20.18+ from PATH.
command -v node >/dev/null 2>&1 || { echo "pulumi-resource-${name} needs Node.js 20.18 or newer on PATH" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
exec node "$here/lib/dist/provider/plugin/${name}-plugin.js" "$@"
`;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const folders = dependencyFolders(ROOTS);
for (const name of PLUGINS) {
  const stage = path.join(OUT, `pulumi-resource-${name}`);
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
  writeFileSync(path.join(stage, `pulumi-resource-${name}`), launcher(name));
  chmodSync(path.join(stage, `pulumi-resource-${name}`), 0o755);
  writeFileSync(path.join(stage, "plesk-aps-sandbox"), sandboxLauncher);
  chmodSync(path.join(stage, "plesk-aps-sandbox"), 0o755);
  const archive = path.join(OUT, `pulumi-resource-${name}-v${manifest.version}-linux-amd64.tar.gz`);
  execFileSync("tar", ["-czf", archive, "-C", stage, "."]);
  rmSync(stage, { recursive: true, force: true });
  console.log(path.relative(REPO, archive));
}
