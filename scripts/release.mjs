// `npm run release:dry`: every artifact a release attaches, built into dist/release and checked,
// as .github/workflows/release.yml builds them on a version tag (which then publishes them):
// the plugin archives of every platform, the SDK packages (Python wheel and sdist, npm tarballs),
// and checksums.txt (SHA-256 of every file). Checked: every file present, every checksum right,
// and this machine's archives unpack to plugins that start and serve.
//   --sdks-only --out DIR   the SDK packages alone, into DIR, unchecked (for tests that install them)
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { clearTimeout, setTimeout } from "node:timers";
import path from "node:path";
import { parseArgs } from "node:util";

const REPO = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({ options: { "sdks-only": { type: "boolean" }, out: { type: "string" } } });
const OUT = path.resolve(flags.out ?? path.join(REPO, "dist", "release"));
const PACKAGES = ["plesk", "getapp"];
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"];
const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
const run = (command, args, options = {}) => execFileSync(command, args, { cwd: REPO, stdio: ["ignore", "pipe", "inherit"], ...options });
const say = (line) => process.stderr.write(`release: ${line}\n`);

/** What a release holds, by file name. */
const expected = [
  ...PACKAGES.flatMap((name) => PLATFORMS.map((platform) => `pulumi-resource-${name}-v${version}-${platform}.tar.gz`)),
  ...PACKAGES.flatMap((name) => [`pulumi_${name}-${version}-py3-none-any.whl`, `pulumi_${name}-${version}.tar.gz`]),
  ...PACKAGES.map((name) => `pulumi-plesk-aps-${name}-${version}.tgz`),
];

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), "plesk-aps-release-"));
try {
  if (!flags["sdks-only"]) {
    say("plugin archives for every platform");
    run(process.execPath, ["scripts/pack-plugins.mjs", "--platforms", "all", "--bundle-node", "--out", OUT]);
  }

  say("Python SDK packages (python -m build, from PyPI's build)");
  const venv = path.join(work, "venv");
  run("python3", ["-m", "venv", venv]);
  run(path.join(venv, "bin", "pip"), ["install", "--quiet", "build"]);
  for (const name of PACKAGES) {
    // Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    const source = path.join(work, `python-${name}`);
    cpSync(path.join(REPO, "sdk", "python", name), source, { recursive: true });
    run(path.join(venv, "bin", "python"), ["-m", "build", "--outdir", OUT, source]);
  }

  say("npm SDK packages (compiled with this repository's TypeScript and @pulumi/pulumi)");
  for (const name of PACKAGES) {
    const bin = path.join(work, `nodejs-${name}`);
    run(process.execPath, [
      path.join(REPO, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      `sdk/nodejs/${name}/tsconfig.json`,
      "--outDir",
      bin,
    ]);
    for (const file of ["package.json", "README.md"]) cpSync(path.join(REPO, "sdk", "nodejs", name, file), path.join(bin, file));
    run("npm", ["pack", "--silent", "--pack-destination", OUT, bin]);
  }

  if (!flags["sdks-only"]) await checksumsAndChecks(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** checksums.txt, then the checks: every file present, every checksum right, this machine's plugins start. */
async function checksumsAndChecks(work) {
  say("checksums");
  const files = readdirSync(OUT)
    .filter((file) => file !== "checksums.txt")
    .sort();
  const sha256 = (file) =>
    createHash("sha256")
      .update(readFileSync(path.join(OUT, file)))
      .digest("hex");
  writeFileSync(path.join(OUT, "checksums.txt"), files.map((file) => `${sha256(file)}  ${file}\n`).join(""));

  say("checks");
  const missing = expected.filter((file) => !files.includes(file));
  const unexpected = files.filter((file) => !expected.includes(file));
  if (missing.length > 0 || unexpected.length > 0)
    throw new Error(`missing: ${missing.join(", ") || "none"}; unexpected: ${unexpected.join(", ") || "none"}`);
  for (const line of readFileSync(path.join(OUT, "checksums.txt"), "utf8").trim().split("\n")) {
    const [sum, file] = line.split(/\s+/);
    if (sha256(file) !== sum) throw new Error(`checksum of ${file} is wrong`);
  }
  for (const name of PACKAGES) await startsAndServes(name, path.join(work, `unpacked-${name}`));
  say(`${files.length} files and checksums.txt in ${path.relative(REPO, OUT)}`);
}

/** This machine's archive of `name`, unpacked: its launcher starts the plugin, which prints the port it serves on. */
async function startsAndServes(name, dir) {
  mkdirSync(dir, { recursive: true });
  run("tar", ["-xzf", path.join(OUT, `pulumi-resource-${name}-v${version}-linux-amd64.tar.gz`), "-C", dir]);
  if (!existsSync(path.join(dir, "bin", "node"))) throw new Error(`the linux-amd64 archive of ${name} carries no Node.js`);
  const plugin = spawn(path.join(dir, `pulumi-resource-${name}`), [], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: "/usr/bin:/bin" },
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pulumi-resource-${name} printed no port within 20 s`)), 20_000);
    plugin.stdout.once("data", (chunk) => (clearTimeout(timer), resolve(String(chunk).trim())));
    plugin.once("exit", (code) => (clearTimeout(timer), reject(new Error(`pulumi-resource-${name} ended with ${code}`))));
  });
  plugin.kill();
  if (!/^\d+$/.test(port)) throw new Error(`pulumi-resource-${name} printed "${port}", not a port`);
  say(`pulumi-resource-${name} (linux-amd64) starts and serves on port ${port}`);
}
