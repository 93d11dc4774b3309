import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installedLoading } from "../harness/loadings";
import { DIST } from "../harness/paths";
import { ProviderHost, urnOf, type Props } from "../harness/provider-host";
import { registrationsOf } from "../harness/registrations";
import type { CatalogConfiguration, DeliveryCatalog, Sandbox, SandboxOptions } from "../sandbox";

/**
 * What a Plesk panel charges for each XML API request: 20 ms of work, 4 requests at a time (its
 * workers). Our assumption, applied to both sides; it is what makes many small requests costly.
 */
export const SERVER_MODEL: SandboxOptions = { requestLatencyMs: 20, maxConcurrentRequests: 4 };
/** GetApp, a cloud service: 20 ms a request, many at a time. */
export const GETAPP_MODEL: SandboxOptions = { requestLatencyMs: 20, maxConcurrentRequests: 64 };
/** A busier panel: 100 ms a request. */
export const BUSY_SERVER_MODEL: SandboxOptions = { requestLatencyMs: 100, maxConcurrentRequests: 4 };

export interface Implementation {
  readonly name: "ApsPackage" | "baseline";
  readonly type: string;
  readonly providerText: string;
  readonly projectDir: string;
}

/**
 * Both providers as users get them: installed from `npm pack` into one fresh project. The
 * baseline is copied in beside it, requiring the installed Plesk client, so both serialize small
 * and load the same way. `remove` deletes that project.
 */
export async function implementations(): Promise<{ ours: Implementation; baseline: Implementation; remove: () => void }> {
  const installed = await installedLoading();
  const projectDir = installed.projectDir;
  for (const file of ["baseline-provider.js", "baseline-program.js"]) {
    const compiled = readFileSync(join(DIST, "bench", file), "utf8");
    const installedPaths = compiled.replace(/require\("\.\.\/provider"\)/g, 'require("pulumi-plesk-aps")');
    writeFileSync(join(projectDir, file), installedPaths);
  }
  const [baseline] = await registrationsOf(projectDir, join(projectDir, "baseline-program.js"));
  return {
    ours: { name: "ApsPackage", type: "pulumi-nodejs:dynamic/plesk:ApsPackage", providerText: installed.providerText, projectDir },
    baseline: { name: "baseline", type: baseline.type, providerText: String(baseline.inputs.__provider), projectDir },
    remove: installed.remove,
  };
}

/** `count` applications of one package each, `sizeBytes` large. */
export function benchCatalog(count: number, sizeBytes: number): CatalogConfiguration {
  const applications = Array.from({ length: count }, (_, i) => ({
    name: `Bench App ${i}`,
    vendor: "https://vendor.example/",
    packager: "https://packager.example/",
    packages: [{ version: "1.0", release: "1", sizeBytes }],
  }));
  return { catalogs: [{ url: "http://apscatalog.com/", applications }] };
}

/** One GetApp software item per size, of one artifact that large. */
export function benchDeliveryCatalog(sizesBytes: readonly number[]): DeliveryCatalog {
  const items = sizesBytes.map((sizeBytes, i) => ({
    catalogId: `bench-item-${i}`,
    itemType: "software" as const,
    artifacts: [{ itemKey: `bench-item-${i}.bin`, sizeBytes, hashAlgorithm: "SHA256Hex" as const }],
  }));
  return { items };
}

/** A provider host configured for the sandbox, its provider loaded by a first call. */
export async function readyHost(implementation: Implementation, sandbox: Sandbox): Promise<ProviderHost> {
  const host = await ProviderHost.start({ projectDir: implementation.projectDir });
  await host.configure({
    "plesk:url": sandbox.url,
    "plesk:login": sandbox.credentials.login,
    "plesk:password": sandbox.credentials.password,
    "plesk:caCert": sandbox.caCert,
  });
  await host.check(urnOf(implementation.type, "warm-up"), {}, { name: "warm-up", __provider: implementation.providerText });
  return host;
}

export function urnFor(implementation: Implementation, name: string): string {
  return urnOf(implementation.type, name);
}

export function withProvider(implementation: Implementation, props: Props): Props {
  return { ...props, __provider: implementation.providerText };
}

/** Peak resident memory of a process, from Linux's /proc. */
export function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

/** Runs `work` for each index, at most `parallel` at once, as the engine's --parallel does. */
export async function inParallel<T>(count: number, parallel: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  });
  await Promise.all(lanes);
  return results;
}
