import { CliBench, defaultParallelism, type CommandFigures, type Contender, type Scenario, type UpFigures } from "./cli-bench";
import type { SandboxOptions } from "../sandbox";
import { SERVER_MODEL } from "./bench-setup";

/** A slow panel: 150 ms of work a packet, 4 at a time. */
export const SLOW_PANEL: SandboxOptions = { requestLatencyMs: 150, maxConcurrentRequests: 4 };

/** One figure of the CLI table: ours beside the baseline and the engine floor, with its target. */
export type CliRow = [figure: string, ours: string, baseline: string, floor: string, target: string, verdict: string];

const ms = (value: number) => `${Math.round(value)} ms`;
const verdict = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "pass" : "FAIL");
const packetsOf = (figures: CommandFigures, operation: string) => figures.packets[operation] ?? 0;

/**
 * `pulumi up` and `pulumi refresh` through the CLI, for this package, the baseline and the engine
 * floor, at the CLI's default parallelism and at `--parallel` equal to the count.
 */
export async function benchThroughCli(quick: boolean, progress: (text: string) => void): Promise<CliRow[]> {
  const rows: CliRow[] = [];
  const row = (figure: string, values: [string, string, string], target = "", ok?: boolean) =>
    rows.push([figure, ...values, target, verdict(ok)]);
  const bench = CliBench.create();
  const defaultParallel = defaultParallelism();
  const counts = quick ? [10] : [10, 100, 300];
  const scenarios: { count: number; parallel?: number; server: SandboxOptions }[] = [
    ...counts.flatMap((count) => [
      { count, server: SERVER_MODEL },
      { count, parallel: count, server: SERVER_MODEL },
    ]),
    ...(quick ? [] : [{ count: 300, server: SLOW_PANEL }]),
  ];

  for (const { count, parallel, server } of scenarios) {
    const results = {} as Record<Contender, { up: UpFigures; refresh: CommandFigures }>;
    for (const contender of ["floor", "ours", "baseline"] as const) {
      progress(
        `CLI: ${contender}, ${count} resources, --parallel ${parallel ?? `default (${defaultParallel})`}, ${server.requestLatencyMs} ms a packet ...`,
      );
      const scenario: Scenario = { contender, count, server, ...(parallel === undefined ? {} : { parallel }) };
      results[contender] = await bench.upThenRefresh(scenario);
    }
    const { ours, baseline, floor } = results;
    const label = `${count}, --parallel ${parallel ?? `${defaultParallel} (default)`}, ${server.requestLatencyMs} ms/packet`;
    const targeted = count === 300 && parallel === undefined;
    const fastPanel = server === SERVER_MODEL;
    const roundTrip = server.requestLatencyMs ?? 0;

    if (fastPanel) {
      const sim = ours.up.simulatedMs;
      const upLimit = (sim + floor.up.wallMs) * 1.05;
      row(
        `up ${label}: wall (simulated downloads ${ms(sim)})`,
        [ms(ours.up.wallMs), ms(baseline.up.wallMs), ms(floor.up.wallMs)],
        targeted ? "<= (simulated + floor) x 1.05" : "",
        targeted ? ours.up.wallMs <= upLimit : undefined,
      );
      const ratio = packetsOf(baseline.up, "get-download-status") / Math.max(1, packetsOf(ours.up, "get-download-status"));
      row(
        `up ${label}: status packets`,
        [String(packetsOf(ours.up, "get-download-status")), String(packetsOf(baseline.up, "get-download-status")), "-"],
        targeted ? `>= 50x fewer than baseline (${ratio.toFixed(0)}x)` : "",
        targeted ? ratio >= 50 : undefined,
      );
      row(
        `up ${label}: completion noticed, mean (max)`,
        [
          `${ms(ours.up.meanNoticedMs)} (${ms(ours.up.maxNoticedMs)})`,
          `${ms(baseline.up.meanNoticedMs)} (${ms(baseline.up.maxNoticedMs)})`,
          "-",
        ],
        targeted ? "max within one short tick (100 ms)" : "",
        targeted ? ours.up.maxNoticedMs <= 100 : undefined,
      );
      row(
        `up ${label}: provider host peak memory`,
        [`${ours.up.hostPeakMb.toFixed(0)} MB`, `${baseline.up.hostPeakMb.toFixed(0)} MB`, `${floor.up.hostPeakMb.toFixed(0)} MB`],
        targeted ? "< 200 MB" : "",
        targeted ? ours.up.hostPeakMb < 200 : undefined,
      );
    }
    const lists = packetsOf(ours.refresh, "get-packages-list");
    row(
      `refresh ${label}: get-packages-list packets`,
      [String(lists), String(packetsOf(baseline.refresh, "get-packages-list")), "-"],
      targeted ? "<= 3" : "",
      targeted ? lists <= 3 : undefined,
    );
    const refreshLimit = floor.refresh.wallMs * 1.1 + 2 * roundTrip;
    row(
      `refresh ${label}: wall`,
      [ms(ours.refresh.wallMs), ms(baseline.refresh.wallMs), ms(floor.refresh.wallMs)],
      targeted ? "<= floor x 1.1 + two round trips" : "",
      targeted ? ours.refresh.wallMs <= refreshLimit : undefined,
    );
  }
  return rows;
}
