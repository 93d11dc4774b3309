import { startSandbox } from "../sandbox";
import { benchCatalog, peakMemoryMb, readyHost, SERVER_MODEL, urnFor, withProvider, type Implementation } from "./bench-setup";

/**
 * Each download takes 9 s simulated (90 MB at 10 MB/s): at speed 10, 0.9 s of wall time, one
 * after another as Plesk downloads a transaction's tasks. Not a divisor of the baseline's 2 s
 * interval, so completions fall anywhere between its polls rather than on them; and long enough
 * that polling once per completion can save anything against polling every 2 s.
 */
const SIZE_BYTES = 90_000_000;
const BANDWIDTH = 10_000_000;
const SPEED = 10;

export interface DownloadFigures {
  readonly requests: number;
  readonly statusPackets: number;
  /** From the sandbox finishing a task to an answer telling the client so. */
  readonly meanNoticedMs: number;
  readonly maxNoticedMs: number;
  /** From the sandbox finishing a task to the create returning (with the read-back). */
  readonly meanReturnMs: number;
  readonly wallMs: number;
  /** The downloads' own time, at the sandbox's speed: what no client can beat. */
  readonly simulatedMs: number;
  readonly hostMemoryMb: number;
}

/** K packages created at once through the provider host, as `pulumi up` would with --parallel K. */
export async function benchDownloads(implementation: Implementation, count: number): Promise<DownloadFigures> {
  const sandbox = await startSandbox({
    ...SERVER_MODEL,
    speed: SPEED,
    bandwidthBytesPerSecond: BANDWIDTH,
    catalogs: benchCatalog(count, SIZE_BYTES),
  });
  const host = await readyHost(implementation, sandbox);
  try {
    sandbox.resetCounts();
    const started = Date.now();
    const created = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const urn = urnFor(implementation, `pkg-${i}`);
        const checked = await host.check(urn, {}, withProvider(implementation, { name: `Bench App ${i}` }));
        const result = await host.create(urn, checked.inputs);
        return { packageId: result.id, returnedAt: Date.now() };
      }),
    );
    const wallMs = Date.now() - started;
    const tasks = sandbox.taskLog();
    const finishedAt = new Map(tasks.map((task) => [String(task.packageId), task.finishedAtWallMs!]));
    const returns = created.map((c) => c.returnedAt - finishedAt.get(c.packageId)!);
    const noticed = tasks.map((task) => task.finishReportedAtWallMs! - task.finishedAtWallMs!);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const counts = sandbox.counts();
    return {
      requests: counts.httpRequests,
      statusPackets: counts.packetsByOperation["get-download-status"] ?? 0,
      meanNoticedMs: mean(noticed),
      maxNoticedMs: Math.max(...noticed),
      meanReturnMs: mean(returns),
      wallMs,
      simulatedMs: (((count * SIZE_BYTES) / BANDWIDTH) * 1000) / SPEED,
      hostMemoryMb: peakMemoryMb(host.pid),
    };
  } finally {
    await host.close();
    await sandbox.close();
  }
}
