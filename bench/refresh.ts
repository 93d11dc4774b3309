import { startSandbox, type SandboxOptions } from "../sandbox";
import { inParallel, readyHost, SERVER_MODEL, urnFor, withProvider, type Implementation } from "./bench-setup";

export interface RefreshFigures {
  readonly readPackets: number;
  readonly wallMs: number;
}

/** N packages read back at once (engine parallelism `parallel`), as `pulumi refresh` does. */
export async function benchRefresh(
  implementation: Implementation,
  count: number,
  parallel: number,
  server: SandboxOptions = SERVER_MODEL,
): Promise<RefreshFigures> {
  const sandbox = await startSandbox(server);
  const host = await readyHost(implementation, sandbox);
  try {
    const states = Array.from({ length: count }, (_, i) => {
      const pkg = sandbox.aps.addPackage({
        name: `Bench App ${i}`,
        version: "1.0",
        release: "1",
        vendor: "v",
        packager: "p",
        isUploaded: false,
        isVisible: true,
        globalSettingsNotSet: false,
      });
      const id = String(pkg.id);
      // The state a create leaves: what the server said of the package, which a read checks the id still holds.
      const { name, version, release, vendor, packager } = pkg;
      const recorded = { name, version, release, vendor, packager, packageId: id, adopted: true, downloadTimeoutSeconds: 3600 };
      return { id, props: withProvider(implementation, recorded) };
    });
    sandbox.resetCounts();
    const started = Date.now();
    const reads = await inParallel(count, parallel, (i) => host.read(urnFor(implementation, `pkg-${i}`), states[i].id, states[i].props));
    const wallMs = Date.now() - started;
    if (reads.some((read, i) => read.id !== states[i].id)) throw new Error(`${implementation.name}: a read came back wrong`);
    return { readPackets: sandbox.counts().packetsByOperation["get-packages-list"] ?? 0, wallMs };
  } finally {
    await host.close();
    await sandbox.close();
  }
}
