import type { SandboxOptions } from "../sandbox";
import { SERVER_MODEL } from "./bench-setup";
import { benchExtensionsThroughCli } from "./extension-section";
import { benchFleets } from "./fleet-section";
import {
  CliBench,
  defaultParallelism,
  medianRefreshes,
  type KeptStack,
  type CommandFigures,
  type Contender,
  type DeliveryFigures,
  type Scenario,
  type UpFigures,
} from "./cli-bench";
import { kb, mb, ms, times, verdict } from "./formats";

/** A slow panel: 150 ms of work a packet, 4 at a time. */
export const SLOW_PANEL: SandboxOptions = { requestLatencyMs: 150, maxConcurrentRequests: 4 };

/**
 * A panel in use: 2,700 packages besides the program's 300, and each package a list answer
 * describes costs 0.1 ms more (a whole list of 3,000: 300 ms). Our assumption, as the rest.
 */
export const PANEL_IN_USE: SandboxOptions = { ...SERVER_MODEL, listedPackageMs: 0.1 };
const PANEL_IN_USE_OTHERS = 2_700;

/**
 * One figure of the CLI table: the dynamic provider beside the native plugin, the baseline and
 * the engine floor, with its target.
 */
export type CliRow = [figure: string, ours: string, plugin: string, baseline: string, floor: string, target: string, verdict: string];

/** Walls against N at the CLI's default parallelism, by contender: what the chart draws. */
export interface Curves {
  /** The CLI's default `--parallel` on this machine, which every point is measured at. */
  readonly parallel: number;
  readonly up: Map<Contender, [count: number, wallMs: number][]>;
  readonly refresh: Map<Contender, [count: number, wallMs: number][]>;
}

type Planned = Omit<Scenario, "contender">;

const CONTENDERS = ["floor", "ours", "plugin", "baseline"] as const satisfies readonly Contender[];
/** Round trips a create that downloads waits for in turn: download-package, a status look, the read-back. */
const CREATE_ROUND_TRIPS = 3;
/** How much slower than the dynamic provider the native plugin may be. */
const PLUGIN_SLACK = 1.05;

const seconds = (milliseconds: number) => String(Math.round(milliseconds / 1000));
const packetsOf = (figures: CommandFigures, operation: string) => figures.packets[operation] ?? 0;
/** `get-packages-list` packets by id, status looks and `download-package` packets of a command. */
const packetMix = (figures: CommandFigures) =>
  [
    packetsOf(figures, "get-packages-list") - figures.wholeServerLists,
    packetsOf(figures, "get-download-status"),
    packetsOf(figures, "download-package"),
  ].join(" · ");

/**
 * `pulumi up` and `pulumi refresh` through the CLI, for this package, the baseline and the engine
 * floor, at the CLI's default parallelism and at `--parallel` equal to the count.
 */
export async function benchThroughCli(
  quick: boolean,
  progress: (text: string) => void,
  beyondFleets = true,
): Promise<{ rows: CliRow[]; curves: Curves | undefined }> {
  const bench = CliBench.create();
  try {
    const curves: Curves = { parallel: defaultParallelism(), up: new Map(), refresh: new Map() };
    const rows = beyondFleets ? await cliRows(bench, quick, progress, curves) : [];
    if (scenarioWanted("fleet")) rows.push(...(await benchFleets(bench, quick, progress)));
    if (scenarioWanted("extensions")) rows.push(...(await benchExtensionsThroughCli(bench, quick, progress)));
    if (!quick && beyondFleets && scenarioWanted("deliveries")) rows.push(...(await benchDeliveriesThroughCli(bench, progress)));
    return { rows, curves: beyondFleets ? curves : undefined };
  } finally {
    bench.remove();
  }
}

async function cliRows(bench: CliBench, quick: boolean, progress: (text: string) => void, curves: Curves): Promise<CliRow[]> {
  const rows: CliRow[] = [];
  const row = (figure: string, values: [string, string, string, string], target?: { text: string; ok: boolean }) =>
    rows.push([figure, ...values, target?.text ?? "", verdict(target?.ok)]);
  const defaultParallel = curves.parallel;
  const counts = quick ? [10] : [10, 30, 100, 300];
  const scenarios: Planned[] = [
    ...counts.flatMap((count): Planned[] => [
      { count, server: SERVER_MODEL, downloads: "short" },
      // At 30, the curve's point is enough.
      ...(count === 30 ? [] : [{ count, parallel: count, server: SERVER_MODEL, downloads: "short" } satisfies Planned]),
    ]),
    ...(quick
      ? []
      : ([
          // The refresh curve's last point; its up is measured too.
          { count: 1000, server: SERVER_MODEL, downloads: "short" },
          { count: 300, server: SLOW_PANEL, downloads: "short" },
          { count: 300, server: PANEL_IN_USE, downloads: "short", otherPackages: PANEL_IN_USE_OTHERS },
          { count: 300, server: SERVER_MODEL, downloads: "long" },
          { count: 300, parallel: 300, server: SERVER_MODEL, downloads: "long" },
        ] satisfies Planned[])),
  ];

  for (const planned of scenarios) {
    const { count, parallel, server, downloads } = planned;
    const held = planned.otherPackages ? `, ${planned.otherPackages + count} packages on the server` : "";
    const label = `${count}, --parallel ${parallel ?? `${defaultParallel} (default)`}, ${server.requestLatencyMs} ms/packet${held}`;
    if (!scenarioWanted(`up ${label}, ${downloads} downloads`)) continue;
    const { floor, ours, plugin, baseline } = await measureScenario(
      bench,
      planned,
      `--parallel ${parallel ?? `default (${defaultParallel})`}`,
      progress,
    );
    const upTargeted = count === 300;
    // Long downloads are where the watcher's looks matter; the other targets hold for every 300.
    const watchTargeted = count === 300 && downloads === "long";
    const refreshTargeted = count === 300 && parallel === undefined && downloads === "short" && server === SERVER_MODEL;
    const target = (applies: boolean, text: string, ok: boolean) => (applies ? { text, ok } : undefined);
    const onCurve = parallel === undefined && server === SERVER_MODEL && downloads === "short" && !planned.otherPackages;
    if (onCurve) {
      for (const [contender, figures] of [
        ["floor", floor],
        ["ours", ours],
        ["plugin", plugin],
        ["baseline", baseline],
      ] as const) {
        if (!figures) continue;
        if (count !== 1000) pointOn(curves.up, contender, count, figures.up.wallMs);
        pointOn(curves.refresh, contender, count, figures.refresh.wallMs);
      }
    }
    const viaPlugin = (cell: (figures: Figures) => string) => (plugin ? cell(plugin) : "-");
    const pluginRows = (label: string, command: "up" | "refresh") => {
      if (!plugin) return;
      const ratio = plugin[command].wallMs / ours[command].wallMs;
      row(
        `${label}: native plugin wall / dynamic provider's`,
        ["-", times(ratio), "-", "-"],
        target(upTargeted, `<= ${PLUGIN_SLACK}x`, ratio <= PLUGIN_SLACK),
      );
      const same = samePackets(plugin[command], ours[command]);
      row(
        `${label}: native plugin packets = dynamic provider's`,
        ["-", same ? "equal" : "differ", "-", "-"],
        target(upTargeted, "equal", same),
      );
    };

    {
      const sim = ours.up.simulatedMs;
      const upLabel = `up ${label}, ${downloads} downloads`;
      const upLimit = (sim + floor.up.wallMs) * 1.05;
      row(
        `${upLabel}: wall (downloads alone ${ms(sim)})`,
        [ms(ours.up.wallMs), viaPlugin((f) => ms(f.up.wallMs)), ms(baseline.up.wallMs), ms(floor.up.wallMs)],
        target(
          upTargeted,
          `<= (downloads + floor) x 1.05 (${(ours.up.wallMs / (sim + floor.up.wallMs)).toFixed(2)}x)`,
          ours.up.wallMs <= upLimit,
        ),
      );
      if (server === SLOW_PANEL) {
        // download-package, a status look and the read-back: each create waits for three round
        // trips in turn, and the CLI runs `parallel` creates at once, whatever the engine costs.
        const roundTripsMs = (count / (parallel ?? defaultParallel)) * CREATE_ROUND_TRIPS * (server.requestLatencyMs ?? 0);
        row(`${upLabel}: the creates' own round trips alone (${CREATE_ROUND_TRIPS} each, ${parallel ?? defaultParallel} at a time)`, [
          ms(roundTripsMs),
          "-",
          "-",
          "-",
        ]);
      }
      row(
        `${upLabel}: whole-server lists`,
        [String(ours.up.wholeServerLists), viaPlugin((f) => String(f.up.wholeServerLists)), String(baseline.up.wholeServerLists), "-"],
        target(upTargeted, "<= 3", ours.up.wholeServerLists <= 3),
      );
      row(`${upLabel}: packets by id (lists · status · download-package)`, [
        packetMix(ours.up),
        viaPlugin((f) => packetMix(f.up)),
        packetMix(baseline.up),
        "-",
      ]);
      if (planned.otherPackages)
        row(`${upLabel}: answer bytes`, [
          kb(ours.up.answerBytes),
          viaPlugin((f) => kb(f.up.answerBytes)),
          kb(baseline.up.answerBytes),
          "-",
        ]);
      pluginRows(upLabel, "up");
      const oursStatus = packetsOf(ours.up, "get-download-status");
      const ratio = packetsOf(baseline.up, "get-download-status") / Math.max(1, oursStatus);
      row(
        `${upLabel}: status packets`,
        [
          String(oursStatus),
          viaPlugin((f) => String(packetsOf(f.up, "get-download-status"))),
          String(packetsOf(baseline.up, "get-download-status")),
          "-",
        ],
        // With only the default 8 waiting, the baseline asks about 3 times per download, and no
        // provider can ask less than once per download finishing: 50x applies with all waiting.
        target(watchTargeted && parallel === count, `>= 50x fewer than baseline (${ratio.toFixed(1)}x)`, ratio >= 50),
      );
      row(
        `${upLabel}: completion noticed, mean (max)`,
        [
          `${ms(ours.up.meanNoticedMs)} (${ms(ours.up.maxNoticedMs)})`,
          viaPlugin((f) => `${ms(f.up.meanNoticedMs)} (${ms(f.up.maxNoticedMs)})`),
          `${ms(baseline.up.meanNoticedMs)} (${ms(baseline.up.maxNoticedMs)})`,
          "-",
        ],
        target(watchTargeted, "max within one short tick (100 ms)", ours.up.maxNoticedMs <= 100),
      );
      row(
        `${upLabel}: provider host peak memory`,
        [mb(ours.up.hostPeakMb), viaPlugin((f) => mb(f.up.hostPeakMb)), mb(baseline.up.hostPeakMb), mb(floor.up.hostPeakMb)],
        target(watchTargeted, "< 200 MB", ours.up.hostPeakMb < 200),
      );
    }
    if (downloads === "short") {
      const lists = packetsOf(ours.refresh, "get-packages-list");
      row(
        `refresh ${label}: get-packages-list packets`,
        [
          String(lists),
          viaPlugin((f) => String(packetsOf(f.refresh, "get-packages-list"))),
          String(packetsOf(baseline.refresh, "get-packages-list")),
          "-",
        ],
        target(refreshTargeted, "<= 3", lists <= 3),
      );
      const refreshLimit = floor.refresh.wallMs * 1.1 + 2 * (server.requestLatencyMs ?? 0);
      row(
        `refresh ${label}: wall`,
        [ms(ours.refresh.wallMs), viaPlugin((f) => ms(f.refresh.wallMs)), ms(baseline.refresh.wallMs), ms(floor.refresh.wallMs)],
        target(refreshTargeted, "<= floor x 1.1 + two round trips", ours.refresh.wallMs <= refreshLimit),
      );
      if (planned.otherPackages) {
        row(`refresh ${label}: answer bytes`, [
          kb(ours.refresh.answerBytes),
          viaPlugin((f) => kb(f.refresh.answerBytes)),
          kb(baseline.refresh.answerBytes),
          "-",
        ]);
      }
      pluginRows(`refresh ${label}`, "refresh");
    }
  }
  return rows;
}

/** BENCH_MATCH=TEXT runs only the CLI scenarios whose label holds it ("150 ms/packet", "fleet"). */
function scenarioWanted(label: string): boolean {
  const wanted = process.env.BENCH_MATCH;
  return wanted === undefined || label.includes(wanted);
}

function pointOn(curve: Curves["up"], contender: Contender, count: number, wallMs: number): void {
  curve.set(contender, [...(curve.get(contender) ?? []), [count, wallMs]]);
}

/** The same packets of each operation, to every server. */
function samePackets(a: CommandFigures, b: CommandFigures): boolean {
  const operations = new Set([...Object.keys(a.packets), ...Object.keys(b.packets)]);
  return [...operations].every((operation) => packetsOf(a, operation) === packetsOf(b, operation));
}

type Figures = { up: UpFigures; refresh: CommandFigures };

/** `pulumi up` by each contender on its own stack, then their refreshes taking turns; the stacks close after. */
async function measureScenario(
  bench: CliBench,
  planned: Planned,
  parallelText: string,
  progress: (text: string) => void,
): Promise<{ floor: Figures; ours: Figures; plugin: Figures | undefined; baseline: Figures }> {
  const { count, server, downloads } = planned;
  // Long downloads take the server's time whoever asks: the plugin's run would add minutes and tell nothing new.
  const contenders = CONTENDERS.filter((contender) => contender !== "plugin" || downloads === "short");
  const kept: KeptStack[] = [];
  try {
    for (const contender of contenders) {
      progress(
        `CLI: ${contender}, ${count} resources, ${parallelText}, ${server.requestLatencyMs} ms a packet, ${downloads} downloads ...`,
      );
      kept.push(await bench.upAndKeep({ ...planned, contender }));
    }
    progress(`CLI: refresh of ${count}, five times each, taking turns ...`);
    const refreshes = await medianRefreshes(kept);
    const figures = new Map(contenders.map((contender, i): [Contender, Figures] => [contender, { up: kept[i].up, refresh: refreshes[i] }]));
    const of = (contender: Contender) => figures.get(contender)!;
    return { floor: of("floor"), ours: of("ours"), plugin: figures.get("plugin"), baseline: of("baseline") };
  } finally {
    await Promise.all(kept.map((stack) => stack.close()));
  }
}

const DELIVERIES = 100;
/**
 * GetApp copies of two minutes and more (large items take minutes to prepare), 0.13 s apart in
 * length: over the 2 s polling grid of GetApp's clients their ends fall at every phase.
 */
const DELIVERY_COPY_MS = Array.from({ length: DELIVERIES }, (_, i) => 120_000 + i * 130);

/** 100 PreparedDelivery resources prepared at once, beside GetApp's own 2 s polling clients. */
async function benchDeliveriesThroughCli(bench: CliBench, progress: (text: string) => void): Promise<CliRow[]> {
  const results = {} as Record<"ours" | "baseline", DeliveryFigures>;
  const copies = `${seconds(DELIVERY_COPY_MS[0])}-${seconds(DELIVERY_COPY_MS[DELIVERIES - 1])} s copies`;
  for (const contender of ["ours", "baseline"] as const) {
    progress(`CLI: ${contender}, ${DELIVERIES} deliveries, ${copies}, --parallel ${DELIVERIES} ...`);
    results[contender] = await bench.upDeliveries(contender, DELIVERY_COPY_MS);
  }
  const { ours, baseline } = results;
  const label = `up ${DELIVERIES} deliveries, ${copies}, --parallel ${DELIVERIES}`;
  const ratio = baseline.statusRequests / Math.max(1, ours.statusRequests);
  const noticedRatio = ours.meanNoticedMs / Math.max(1, baseline.meanNoticedMs);
  return [
    [`${label}: wall`, ms(ours.wallMs), "-", ms(baseline.wallMs), "-", "", ""],
    [
      `${label}: status requests`,
      String(ours.statusRequests),
      "-",
      String(baseline.statusRequests),
      "-",
      `<= a third of baseline (${ratio.toFixed(1)}x fewer)`,
      verdict(ratio >= 3),
    ],
    [
      `${label}: completion noticed, mean (max)`,
      `${ms(ours.meanNoticedMs)} (${ms(ours.maxNoticedMs)})`,
      "-",
      `${ms(baseline.meanNoticedMs)} (${ms(baseline.maxNoticedMs)})`,
      "-",
      `mean <= a tenth of baseline's (${noticedRatio.toFixed(2)}x)`,
      verdict(noticedRatio <= 0.1),
    ],
    [`${label}: provider host peak memory`, mb(ours.hostPeakMb), "-", mb(baseline.hostPeakMb), "-", "", ""],
  ];
}
