import { startSandbox, type CatalogExtension, type Sandbox } from "../sandbox";
import { SERVER_MODEL } from "./bench-setup";
import { medianOf, SPEED, timed, type CliBench, type Connections, type Contender } from "./cli-bench";
import type { CliRow } from "./cli-section";
import { ms, times, verdict } from "./formats";

/** Simulated seconds one install takes on the bench's panels: 0.5 s of wall time at the bench's speed. */
const INSTALL_SECONDS = 5;
const REFRESH_RUNS = 5;

interface ExtensionSizes {
  readonly fleet: { readonly servers: number; readonly perServer: number };
  readonly oneServer: number;
}

const FULL: ExtensionSizes = { fleet: { servers: 10, perServer: 10 }, oneServer: 20 };
const QUICK: ExtensionSizes = { fleet: { servers: 2, perServer: 5 }, oneServer: 5 };
const CONTENDERS = ["floor", "ours", "plugin"] as const satisfies readonly Contender[];

/** As many extensions as a program declares, for the bench's panels to install. */
function benchExtensions(count: number): CatalogExtension[] {
  return Array.from({ length: count }, (_, i) => ({ id: `bench-ext-${i}`, name: `Bench Extension ${i}`, version: "1.0.0", release: "1" }));
}

/** A panel as the other benches model it, with the bench's extensions to install and none installed. */
function extensionPanel(count: number): Promise<Sandbox> {
  return startSandbox({
    ...SERVER_MODEL,
    speed: SPEED,
    extensionCatalog: benchExtensions(count),
    installedExtensions: [],
    extensionInstallSeconds: INSTALL_SECONDS,
  });
}

/**
 * Extensions through the CLI: a refresh of a fleet's extensions (one `get` per server, the wall
 * beside the engine floor's) and an `up` that installs on one server (the wall beside the installs
 * alone, which go one at a time).
 */
export async function benchExtensionsThroughCli(bench: CliBench, quick: boolean, progress: (text: string) => void): Promise<CliRow[]> {
  const sizes = quick ? QUICK : FULL;
  const rows: CliRow[] = [];
  const row = (figure: string, values: [ours: string, plugin: string, floor: string], target?: { text: string; ok: boolean }) =>
    rows.push([figure, values[0], values[1], "-", values[2], target?.text ?? "", verdict(target?.ok)]);

  const { servers, perServer } = sizes.fleet;
  const fleetLabel = `extensions, fleet of ${servers} servers x ${perServer}`;
  const refresh = new Map<Contender, { wallMs: number; getsPerServer: number[] }>();
  for (const contender of CONTENDERS) {
    progress(`${fleetLabel}, ${contender} ...`);
    const fleet = await Promise.all(Array.from({ length: servers }, () => extensionPanel(perServer)));
    try {
      const stack = await bench.newStack({ contender, kind: "extensions", count: perServer, servers }, { fleet });
      await mustSucceed(bench, ["up", "--yes", "--skip-preview", "--stack", stack]);
      const runs = [];
      for (let run = 0; run < REFRESH_RUNS; run++) {
        for (const panel of fleet) panel.resetCounts();
        const { wallMs, result } = await timed(() => bench.command("refresh", "--yes", "--skip-preview", "--stack", stack));
        if (result.code !== 0) throw new Error(`refresh failed:\n${result.stdout}${result.stderr}`);
        runs.push({ wallMs, getsPerServer: fleet.map((panel) => panel.counts().operationsByName["extension:get"] ?? 0) });
      }
      refresh.set(contender, medianOf(runs));
      await mustSucceed(bench, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    } finally {
      await Promise.all(fleet.map((panel) => panel.close()));
    }
  }
  const [ours, plugin, floor] = [refresh.get("ours")!, refresh.get("plugin")!, refresh.get("floor")!];
  const spread = (values: readonly number[]) => `${Math.min(...values)}-${Math.max(...values)}`;
  row(`${fleetLabel}: refresh extension get packets per server`, [spread(ours.getsPerServer), spread(plugin.getsPerServer), "-"], {
    text: "1 per server",
    ok: [...ours.getsPerServer, ...plugin.getsPerServer].every((gets) => gets === 1),
  });
  const limit = floor.wallMs * 1.1 + 2 * (SERVER_MODEL.requestLatencyMs ?? 0);
  row(`${fleetLabel}: refresh wall`, [ms(ours.wallMs), ms(plugin.wallMs), ms(floor.wallMs)], {
    text: "<= floor x 1.1 + two round trips",
    ok: ours.wallMs <= limit && plugin.wallMs <= limit,
  });

  const count = sizes.oneServer;
  const installsAloneMs = (count * INSTALL_SECONDS * 1000) / SPEED;
  const up = new Map<Contender, number>();
  for (const contender of CONTENDERS) {
    progress(`extensions, up of ${count} on one server, ${contender} ...`);
    const panel = await extensionPanel(count);
    try {
      const connections: Connections = { server: panel };
      const stack = await bench.newStack({ contender, kind: "extensions", count }, connections);
      const { wallMs, result } = await timed(() => bench.command("up", "--yes", "--skip-preview", "--stack", stack));
      if (result.code !== 0) throw new Error(`up failed:\n${result.stdout}${result.stderr}`);
      up.set(contender, wallMs);
      await mustSucceed(bench, ["destroy", "--yes", "--skip-preview", "--stack", stack]);
    } finally {
      await panel.close();
    }
  }
  const upLabel = `extensions, up of ${count} on one server (installs alone ${ms(installsAloneMs)}, one at a time)`;
  const upLimit = installsAloneMs + up.get("floor")! + count * 3 * (SERVER_MODEL.requestLatencyMs ?? 0);
  row(`${upLabel}: up wall`, [ms(up.get("ours")!), ms(up.get("plugin")!), ms(up.get("floor")!)], {
    text: "<= installs alone + floor + 3 round trips each",
    ok: up.get("ours")! <= upLimit && up.get("plugin")! <= upLimit,
  });
  row(`${upLabel}: up wall / installs alone`, [times(up.get("ours")! / installsAloneMs), times(up.get("plugin")! / installsAloneMs), "-"]);
  return rows;
}

async function mustSucceed(bench: CliBench, args: string[]): Promise<void> {
  const result = await bench.command(...args).done;
  if (result.code !== 0) throw new Error(`pulumi ${args[0]} failed:\n${result.stdout}${result.stderr}`);
}
