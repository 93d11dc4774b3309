import { SERVER_MODEL } from "./bench-setup";
import { medianOf, type CliBench } from "./cli-bench";
import type { CliRow } from "./cli-section";
import { recordedPackages, upFleet, type FleetFigures, type FleetPlan, type KeptFleet } from "./fleet-bench";
import { ms, times, verdict } from "./formats";

/** What a fleet run is measured at: servers, packages on each, and the create deadline of a fault run. */
interface FleetSize {
  readonly servers: number;
  readonly perServer: number;
  readonly deadlineSeconds: number;
  /** Stacks run side by side, and the servers of each. */
  readonly sideBySide: { readonly stacks: number; readonly servers: number };
}

const FULL: FleetSize = { servers: 20, perServer: 30, deadlineSeconds: 30, sideBySide: { stacks: 3, servers: 10 } };
const QUICK: FleetSize = { servers: 4, perServer: 10, deadlineSeconds: 10, sideBySide: { stacks: 3, servers: 2 } };

const REFRESH_RUNS = 5;
const STALLS = 0;
const REFUSES = 1;

const spread = (values: readonly number[]) =>
  Math.min(...values) === Math.max(...values) ? String(values[0] ?? 0) : `${Math.min(...values)}-${Math.max(...values)}`;

/**
 * One stack over many servers through the CLI: `up`, `refresh` and `destroy` for the dynamic
 * provider, the native plugin and the engine floor; a run with one server stalled and one
 * refusing; and stacks of a split fleet side by side.
 */
export async function benchFleets(bench: CliBench, quick: boolean, progress: (text: string) => void): Promise<CliRow[]> {
  const size = quick ? QUICK : FULL;
  const rows: CliRow[] = [];
  const row = (figure: string, values: [ours: string, plugin: string, floor: string], target?: { text: string; ok: boolean }) =>
    rows.push([figure, values[0], values[1], "-", values[2], target?.text ?? "", verdict(target?.ok)]);
  const label = `fleet of ${size.servers} servers x ${size.perServer}`;
  const total = size.servers * size.perServer;

  const healthy = await healthyFleet(bench, size, progress);
  const { floor, ours, plugin } = healthy;
  row(`${label}, --parallel default: up wall`, [ms(ours.up.wallMs), ms(plugin.up.wallMs), ms(floor.up.wallMs)]);
  row(`${label}, --parallel default: up whole-server lists per server`, [
    spread(ours.up.wholeListsPerServer),
    spread(plugin.up.wholeListsPerServer),
    "-",
  ]);
  const oneListEach = (figures: FleetFigures) => figures.listsPerServer.every((lists) => lists === 1);
  for (const [parallelText, command] of [
    ["default", "refresh"],
    [String(total), "refreshAll"],
  ] as const) {
    const [a, b, f] = [ours[command], plugin[command], floor[command]];
    row(
      `${label}, --parallel ${parallelText}: refresh get-packages-list packets per server`,
      [spread(a.listsPerServer), spread(b.listsPerServer), "-"],
      {
        text: "1 per server",
        ok: oneListEach(a) && oneListEach(b),
      },
    );
    const limit = f.wallMs * 1.1 + 2 * (SERVER_MODEL.requestLatencyMs ?? 0);
    row(`${label}, --parallel ${parallelText}: refresh wall`, [ms(a.wallMs), ms(b.wallMs), ms(f.wallMs)], {
      text: "<= floor x 1.1 + two round trips",
      ok: a.wallMs <= limit && b.wallMs <= limit,
    });
  }
  row(`${label}: destroy wall`, [ms(ours.destroy.wallMs), ms(plugin.destroy.wallMs), ms(floor.destroy.wallMs)]);
  // Plesk has no call that removes a package: a destroy changes nothing there.
  const packetsOf = (figures: FleetFigures) => String(Object.values(figures.packets).reduce((a, b) => a + b, 0));
  row(`${label}: destroy packets`, [packetsOf(ours.destroy), packetsOf(plugin.destroy), "-"]);
  for (const command of ["up", "refresh"] as const) {
    const ratio = plugin[command].wallMs / ours[command].wallMs;
    row(`${label}: ${command}, native plugin wall / dynamic provider's`, ["-", times(ratio), "-"], {
      text: "<= 1.05x",
      ok: ratio <= 1.05,
    });
  }

  for (const parallel of [total, undefined]) rows.push(...(await faultRows(bench, size, parallel, progress)));
  rows.push(...(await sideBySideRows(bench, size, progress)));
  return rows;
}

type HealthyFigures = { up: FleetFigures; refresh: FleetFigures; refreshAll: FleetFigures; destroy: FleetFigures };

/** Up of the fleet by each contender, their refreshes taking turns (the median of five), then each destroy. */
async function healthyFleet(
  bench: CliBench,
  size: FleetSize,
  progress: (text: string) => void,
): Promise<Record<"floor" | "ours" | "plugin", HealthyFigures>> {
  const kept: KeptFleet[] = [];
  try {
    for (const contender of ["floor", "ours", "plugin"] as const) {
      progress(`CLI fleet: ${contender}, ${size.servers} servers x ${size.perServer}, up ...`);
      kept.push(await upFleet(bench, { contender, servers: size.servers, perServer: size.perServer }));
    }
    progress(`CLI fleet: refresh at the default parallelism and at all at once, five times each, taking turns ...`);
    const all = size.servers * size.perServer;
    const refreshes: FleetFigures[][] = kept.map(() => []);
    const refreshesAll: FleetFigures[][] = kept.map(() => []);
    for (let run = 0; run < REFRESH_RUNS; run++) {
      for (const [i, fleet] of kept.entries()) refreshes[i].push(await fleet.refresh());
      for (const [i, fleet] of kept.entries()) refreshesAll[i].push(await fleet.refresh(all));
    }
    const destroys: FleetFigures[] = [];
    for (const fleet of kept) destroys.push(await fleet.destroy());
    const figures = kept.map((fleet, i): HealthyFigures => {
      const [refresh, refreshAll] = [medianOf(refreshes[i]), medianOf(refreshesAll[i])];
      for (const figure of [fleet.up, refresh, refreshAll, destroys[i]])
        if (figure.exitCode !== 0) throw new Error(`a healthy fleet's command failed`);
      return { up: fleet.up, refresh, refreshAll, destroy: destroys[i] };
    });
    const [floor, ours, plugin] = figures;
    return { floor, ours, plugin };
  } finally {
    await Promise.all(kept.map((fleet) => fleet.close()));
  }
}

/**
 * The fleet's up with one server stalled and one refusing, beside the same up with every server
 * healthy, at one parallelism: how long the healthy servers took in each, what each failed
 * resource said, and what the state records.
 */
async function faultRows(
  bench: CliBench,
  size: FleetSize,
  parallel: number | undefined,
  progress: (text: string) => void,
): Promise<CliRow[]> {
  const { servers, perServer, deadlineSeconds } = size;
  const parallelText = parallel === undefined ? "default" : String(parallel);
  const plan: FleetPlan = { contender: "ours", servers, perServer, deadlineSeconds, ...(parallel === undefined ? {} : { parallel }) };
  progress(`CLI fleet: ${servers} servers x ${perServer}, --parallel ${parallelText}, all healthy ...`);
  const healthy = await upFleet(bench, plan);
  await healthy.close();
  progress(`CLI fleet: the same with server ${STALLS} stalled and server ${REFUSES} refusing, deadline ${deadlineSeconds} s ...`);
  const faults = new Map([
    [STALLS, "stalls" as const],
    [REFUSES, "refuses" as const],
  ]);
  const faulty = await upFleet(bench, { ...plan, faults });
  const state = bench.stateOf(faulty.stack);
  const sandboxes = faulty.sandboxes;
  await faulty.close();

  const healthyOnes = Array.from({ length: servers }, (_, i) => i).filter((i) => !faults.has(i));
  const finishedBy = (figures: FleetFigures) => Math.max(...healthyOnes.map((i) => figures.lastAnswerMs[i] ?? Number.POSITIVE_INFINITY));
  const usual = finishedBy(healthy.up);
  const withFaults = finishedBy(faulty.up);

  const failedNames = [STALLS, REFUSES].flatMap((server) => Array.from({ length: perServer }, (_, i) => `plesk${server}-pkg-${i}`));
  const says = (name: string, pattern: RegExp) => pattern.test(faulty.up.errors.get(name) ?? "");
  const stalledSaid = failedNames
    .filter((name) => name.startsWith(`plesk${STALLS}-`))
    .filter((name) =>
      says(
        name,
        new RegExp(`on plesk${STALLS}: .*(took longer than|has not answered .* no more time than this one \\() ?${deadlineSeconds} s`),
      ),
    ).length;
  const refusedSaid = failedNames
    .filter((name) => name.startsWith(`plesk${REFUSES}-`))
    .filter((name) => says(name, new RegExp(`cannot connect to server plesk${REFUSES} at https://.*ECONNREFUSED`))).length;

  const recorded = recordedPackages(state);
  const onFailed = recorded.filter(({ server }) => server === `plesk${STALLS}` || server === `plesk${REFUSES}`).length;
  const untrue = recorded.filter(({ server, id }) => {
    const sandbox = sandboxes[Number(server.replace(/^plesk/, ""))];
    return sandbox?.aps.package(Number(id)) === undefined;
  }).length;
  const expected = healthyOnes.length * perServer;
  // The stack's own row says the update failed; resources are named plesk<server>-pkg-<i>.
  const othersFailed = [...faulty.up.errors.keys()].filter((name) => /^plesk\d+-pkg-\d+$/.test(name) && !failedNames.includes(name)).length;

  const label = `fleet of ${servers} x ${perServer}, --parallel ${parallelText}, server ${STALLS} stalls and ${REFUSES} refuses`;
  const row = (figure: string, value: string, target: string, ok: boolean) => oursOnly(`${label}: ${figure}`, value, target, ok);
  return [
    row(
      `the ${healthyOnes.length} healthy servers' last answer (all healthy: ${ms(usual)})`,
      ms(withFaults),
      "<= all healthy x 1.1",
      withFaults <= usual * 1.1,
    ),
    row(
      `run wall (all healthy: ${ms(healthy.up.wallMs)})`,
      ms(faulty.up.wallMs),
      `<= all healthy + the deadline (${deadlineSeconds} s)`,
      faulty.up.wallMs <= healthy.up.wallMs + deadlineSeconds * 1000,
    ),
    row(
      "failed resources whose error names their server and fault",
      `${stalledSaid + refusedSaid} of ${failedNames.length} (${othersFailed} others failed)`,
      "all, none other",
      stalledSaid + refusedSaid === failedNames.length && othersFailed === 0,
    ),
    row(
      "packages the state records (on the failed servers; not on their server)",
      `${recorded.length} of ${expected} (${onFailed}; ${untrue})`,
      `${expected} (0; 0)`,
      recorded.length === expected && onFailed === 0 && untrue === 0,
    ),
  ];
}

/** A fleet split over stacks: each stack's up and refresh alone, then all of them at once. */
async function sideBySideRows(bench: CliBench, size: FleetSize, progress: (text: string) => void): Promise<CliRow[]> {
  const { stacks, servers } = size.sideBySide;
  const plan: FleetPlan = { contender: "ours", servers, perServer: size.perServer };
  progress(`CLI fleet: one stack of ${servers} servers alone, then ${stacks} such stacks side by side ...`);
  const alone = await upFleet(bench, plan);
  const aloneRefresh = await alone.refresh();
  await alone.close();
  const started = Date.now();
  const fleets = await Promise.all(Array.from({ length: stacks }, () => upFleet(bench, plan)));
  const upWall = Date.now() - started;
  try {
    const refreshStarted = Date.now();
    const refreshes = await Promise.all(fleets.map((fleet) => fleet.refresh()));
    const refreshWall = Date.now() - refreshStarted;
    const failed = [...fleets.map((fleet) => fleet.up), ...refreshes].filter((figures) => figures.exitCode !== 0).length;
    const label = `${stacks} stacks of ${servers} servers x ${size.perServer} side by side`;
    const cell = (wall: number, aloneWall: number) => `${ms(wall)} (one alone: ${ms(aloneWall)}, ${times(wall / aloneWall)})`;
    const oneListEach = refreshes.every((figures) => figures.listsPerServer.every((lists) => lists === 1));
    const row = (figure: string, value: string, target = "", ok?: boolean) => oursOnly(`${label}: ${figure}`, value, target, ok);
    return [
      row("up wall", cell(upWall, alone.up.wallMs)),
      row("refresh wall", cell(refreshWall, aloneRefresh.wallMs)),
      row(
        "refresh get-packages-list packets per server",
        spread(refreshes.flatMap((figures) => figures.listsPerServer)),
        "1 per server, no command failed",
        failed === 0 && oneListEach,
      ),
      row("up whole-server lists per server", spread(fleets.flatMap((fleet) => fleet.up.wholeListsPerServer))),
    ];
  } finally {
    await Promise.all(fleets.map((fleet) => fleet.close()));
  }
}

/** A row of figures only the dynamic provider has. */
function oursOnly(figure: string, value: string, target = "", ok?: boolean): CliRow {
  return [figure, value, "-", "-", "-", target, verdict(ok)];
}
