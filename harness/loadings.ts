import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packInto } from "./package-tarball";
import { DIST, REPO_ROOT as ROOT } from "./paths";
import { registrationsOf } from "./registrations";

/** How the provider reaches the host: its `__provider` string and the project it runs in. */
export interface Loading {
  readonly name: "installed package" | "repository source";
  readonly projectDir: string;
  /** ApsPackage's `__provider`. */
  readonly providerText: string;
  /** PreparedDelivery's `__provider`. */
  readonly deliveryProviderText: string;
  /** Extension's `__provider`. */
  readonly extensionProviderText: string;
  /** Deletes what the loading made: an installed project (about 100 MB); the repository stays. */
  remove(): void;
}

export const APS_PACKAGE = "pulumi-nodejs:dynamic/plesk:ApsPackage";
export const PREPARED_DELIVERY = "pulumi-nodejs:dynamic/getapp:PreparedDelivery";
export const EXTENSION = "pulumi-nodejs:dynamic/plesk:Extension";

/** A fresh project with this package installed from `npm pack`, as users install it. */
export function installedProject(name: string): { projectDir: string; tarball: string } {
  const projectDir = mkdtempSync(join(tmpdir(), `plesk-aps-${name}-`));
  const tarball = packInto(projectDir);
  const pulumiVersion = require("@pulumi/pulumi/package.json").version as string;
  writeFileSync(
    join(projectDir, "package.json"),
    JSON.stringify({
      name,
      private: true,
      dependencies: { "pulumi-plesk-aps": `file:./${tarball}`, "@pulumi/pulumi": pulumiVersion },
    }),
  );
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: projectDir, stdio: "pipe" });
  return { projectDir, tarball };
}

/** The user's case: `npm pack`, installed into a fresh project, resources made by that copy. */
export async function installedLoading(): Promise<Loading> {
  const { projectDir } = installedProject("installed-probe");
  writeFileSync(
    join(projectDir, "index.js"),
    [
      'const { ApsPackage, Extension, PreparedDelivery } = require("pulumi-plesk-aps");',
      'new ApsPackage("probe", { name: "WordPress" });',
      'new Extension("probe", { extensionId: "wp-toolkit" });',
      'new PreparedDelivery("probe", { catalogId: "fleet-defaults-7", deviceId: "device-17", itemType: "config" });',
      "",
    ].join("\n"),
  );
  return {
    name: "installed package",
    projectDir,
    providerText: await providerTextOf(projectDir, "index.js", APS_PACKAGE),
    deliveryProviderText: await providerTextOf(projectDir, "index.js", PREPARED_DELIVERY),
    extensionProviderText: await providerTextOf(projectDir, "index.js", EXTENSION),
    remove: () => rmSync(projectDir, { recursive: true, force: true }),
  };
}

/** The examples' case: the provider compiled from this repository, serialized by value. */
export async function sourceLoading(): Promise<Loading> {
  return {
    name: "repository source",
    projectDir: ROOT,
    providerText: await providerTextOf(ROOT, join(DIST, "examples", "quickstart", "index.js"), APS_PACKAGE),
    deliveryProviderText: await providerTextOf(ROOT, join(DIST, "examples", "delivery", "index.js"), PREPARED_DELIVERY),
    extensionProviderText: await providerTextOf(ROOT, join(DIST, "examples", "extensions", "index.js"), EXTENSION),
    remove: () => {},
  };
}

async function providerTextOf(projectDir: string, program: string, type: string): Promise<string> {
  const registrations = await registrationsOf(projectDir, program);
  const text = registrations.find((registration) => registration.type === type)?.inputs.__provider;
  if (typeof text !== "string") throw new Error(`${program} registered no ${type}`);
  return text;
}
