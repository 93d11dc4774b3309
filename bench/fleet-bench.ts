import type { Running } from "../harness/engine-project";
import { startSandbox, type Sandbox } from "../sandbox";
import { benchCatalog, SERVER_MODEL } from "./bench-setup";
import { BANDWIDTH, DOWNLOAD_BYTES, SPEED, timed, type CliBench, type Contender } from "./cli-bench";

/** How a server of a fleet misbehaves: it accepts connections and never answers, or it refuses them. */
export type ServerFault = "stalls" | "refuses";

/** One stack over many servers, each declaring the same packages. */
export interface FleetPlan {
  readonly contender: Exclude<Contender, "baseline">;
  readonly servers: number;
  readonly perServer: number;
  /** `--parallel`; the CLI's default when absent. */
  readonly parallel?: number;
  /** Servers by position that misbehave; the rest are the usual panel. */
  readonly faults?: ReadonlyMap<number, ServerFault>;
  /** Each package's `downloadTimeoutSeconds`. */
  readonly deadlineSeconds?: number;
}

export interface FleetFigures {
  readonly wallMs: number;
  readonly exitCode: number | null;
  readonly hostPeakMb: number;
  /** `get-packages-list` packets each server answered, in the servers' order. */
  readonly listsPerServer: readonly number[];
  readonly wholeListsPerServer: readonly number[];
  /** Packets of every server, by operation. */
  readonly packets: Readonly<Record<string, number>>;
  /** From the command's start to each server's last answer; undefined for a server that answered nothing. */
  readonly lastAnswerMs: readonly (number | undefined)[];
  /** What the CLI reported as each failed resource's error, by resource name. */
  readonly errors: ReadonlyMap<string, string>;
}

/** A fleet's stack after its measured `pulumi up`, its servers still serving. */
export interface KeptFleet {
  readonly stack: string;
  readonly sandboxes: readonly Sandbox[];
  readonly up: FleetFigures;
  /** At the up's parallelism, or at `parallel`. */
  refresh(parallel?: number): Promise<FleetFigures>;
  destroy(): Promise<FleetFigures>;
  close(): Promise<void>;
}

/**
 * `pulumi up` of a fleet on a new stack, measured, with `--continue-on-error` so that a failing
 * server does not stop the others. The floor declares the same resources and reaches no server.
 */
export async function upFleet(bench: CliBench, plan: FleetPlan): Promise<KeptFleet> {
  const lastAnswers: (number | undefined)[] = [];
  const sandboxes =
    plan.contender === "floor"
      ? []
      : await Promise.all(
          Array.from({ length: plan.servers }, (_, i) =>
            fleetServer(plan.perServer, plan.faults?.get(i), () => (lastAnswers[i] = Date.now())),
          ),
        );
  const close = async () => void (await Promise.allSettled(sandboxes.map((sandbox) => sandbox.close())));
  try {
    const stack = await bench.newStack(
      { contender: plan.contender, kind: "fleet", count: plan.perServer, servers: plan.servers, deadlineSeconds: plan.deadlineSeconds },
      plan.contender === "floor" ? {} : { fleet: sandboxes },
    );
    const flagsAt = (parallel: number | undefined) => [
      ...(parallel === undefined ? [] : ["--parallel", String(parallel)]),
      "--stack",
      stack,
    ];
    const flags = flagsAt(plan.parallel);
    const run = (start: () => Running) => measuredFleet(sandboxes, lastAnswers, start);
    const up = await run(() => bench.command("up", "--yes", "--skip-preview", "--continue-on-error", ...flags));
    return {
      stack,
      sandboxes,
      up,
      refresh: (parallel = plan.parallel) => run(() => bench.command("refresh", "--yes", "--skip-preview", ...flagsAt(parallel))),
      destroy: () => run(() => bench.command("destroy", "--yes", "--skip-preview", ...flags)),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One server of the fleet: the usual panel holding the program's catalog, or one with its fault. */
async function fleetServer(perServer: number, fault: ServerFault | undefined, onAnswer: () => void): Promise<Sandbox> {
  const options = {
    ...SERVER_MODEL,
    speed: SPEED,
    bandwidthBytesPerSecond: BANDWIDTH,
    catalogs: benchCatalog(perServer, DOWNLOAD_BYTES.short),
    onRequest: onAnswer,
  };
  // No worker ever takes a request: connections are accepted and never answered.
  if (fault === "stalls") return startSandbox({ ...options, maxConcurrentRequests: 0 });
  const sandbox = await startSandbox(options);
  // Its port, once closed, refuses connections.
  if (fault === "refuses") await sandbox.close();
  return sandbox;
}

async function measuredFleet(
  sandboxes: readonly Sandbox[],
  lastAnswers: (number | undefined)[],
  start: () => Running,
): Promise<FleetFigures> {
  for (const sandbox of sandboxes) sandbox.resetCounts();
  lastAnswers.length = 0;
  const startedAt = Date.now();
  const { wallMs, result, hostPeakMb } = await timed(start);
  const counts = sandboxes.map((sandbox) => sandbox.counts());
  const packets: Record<string, number> = {};
  for (const { packetsByOperation } of counts)
    for (const [operation, n] of Object.entries(packetsByOperation)) packets[operation] = (packets[operation] ?? 0) + n;
  return {
    wallMs,
    exitCode: result.code,
    hostPeakMb,
    listsPerServer: counts.map((count) => count.packetsByOperation["get-packages-list"] ?? 0),
    wholeListsPerServer: counts.map((count) => count.wholeServerLists),
    packets,
    lastAnswerMs: sandboxes.map((_, i) => (lastAnswers[i] === undefined ? undefined : lastAnswers[i] - startedAt)),
    errors: resourceErrors(result.stdout),
  };
}

/**
 * Each resource's error from the CLI's `Diagnostics:` section, where a resource's lines follow
 * its `  TYPE (NAME):` heading, indented four spaces.
 */
export function resourceErrors(stdout: string): Map<string, string> {
  const errors = new Map<string, string>();
  const section = stdout.split(/^Diagnostics:$/m)[1] ?? "";
  const lines = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of section.split("\n")) {
    const heading = /^ {2}\S+ \(([^)]+)\):$/.exec(line);
    if (heading) lines.set(heading[1], (current = []));
    else if (current !== undefined && line.startsWith("    ")) current.push(line.trim());
    else if (!line.startsWith(" ") && line.trim() !== "") break;
  }
  for (const [name, text] of lines) {
    const error = text.findIndex((line) => line.startsWith("error: "));
    if (error >= 0) errors.set(name, text.slice(error).join("\n"));
  }
  return errors;
}

/** The ApsPackage resources a stack's state records: name, id and server. */
export function recordedPackages(state: string): { name: string; id: string; server: string }[] {
  const deployment = (JSON.parse(state) as { checkpoint: { latest?: { resources?: StateResource[] } } }).checkpoint.latest;
  return (deployment?.resources ?? []).flatMap((resource) => {
    const server = resource.outputs?.server;
    if (!resource.custom || typeof server !== "string" || resource.id === undefined) return [];
    return [{ name: resource.urn.split("::").pop() ?? resource.urn, id: resource.id, server }];
  });
}

interface StateResource {
  readonly urn: string;
  readonly custom?: boolean;
  readonly id?: string;
  readonly outputs?: { readonly server?: unknown };
}
