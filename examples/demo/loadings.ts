import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIST, REPO_ROOT as ROOT } from "./paths";
import { registrationsOf } from "./registrations";

/** How the provider reaches the host: its `__provider` string and the project it runs in. */
export interface Loading {
  readonly name: "installed package" | "repository source";
  readonly projectDir: string;
  readonly providerText: string;
}


/** The user's case: `npm pack`, installed into a fresh project, resources made by that copy. */
export async function installedLoading(): Promise<Loading> {
  const projectDir = mkdtempSync(join(tmpdir(), "plesk-aps-installed-"));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", projectDir], { cwd: ROOT, stdio: "pipe" });
  const tarball = readdirSync(projectDir).find((file) => file.endsWith(".tgz"))!;
  const pulumiVersion = require("@pulumi/pulumi/package.json").version as string;
  writeFileSync(
    join(projectDir, "package.json"),
    JSON.stringify({ name: "installed-probe", private: true, dependencies: { "pulumi-plesk-aps": `file:./${tarball}`, "@pulumi/pulumi": pulumiVersion } }),
  );
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: projectDir, stdio: "pipe" });
  writeFileSync(
    join(projectDir, "index.js"),
    'const { ApsPackage } = require("pulumi-plesk-aps");\nnew ApsPackage("probe", { name: "WordPress" });\n',
  );
  return { name: "installed package", projectDir, providerText: await providerTextOf(projectDir, "index.js") };
}

/** The examples' case: the provider compiled from this repository, serialized by value. */
export async function sourceLoading(): Promise<Loading> {
  return { name: "repository source", projectDir: ROOT, providerText: await providerTextOf(ROOT, join(DIST, "examples", "quickstart", "index.js")) };
}

async function providerTextOf(projectDir: string, program: string): Promise<string> {
  const [first] = await registrationsOf(projectDir, program);
  const text = first?.inputs.__provider;
  if (typeof text !== "string") throw new Error(`${program} registered no dynamic resource`);
  return text;
}
