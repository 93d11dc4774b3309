import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { descendants, EngineProject, pulumiCliDir, type RunResult, type Running } from "../harness/engine-project";
import { DIST } from "../harness/paths";
import { startSandbox, type Sandbox, type SandboxOptions } from "../sandbox";
import { benchCatalog, benchDeliveryCatalog, GETAPP_MODEL } from "./bench-setup";

/**
 * What runs the resources: this package's dynamic provider, its native `plesk` plugin, the
 * common-client baseline, or a provider that does nothing.
 */
export type Contender = "ours" | "plugin" | "baseline" | "floor";

/** What a stack's program declares. */
export interface ProgramSettings {
  readonly contender: Contender;
  readonly kind: "packages" | "deliveries" | "fleet" | "extensions";
  /** Resources; for a fleet, on each server. */
  readonly count: number;
  /** Servers of a fleet, named plesk0, plesk1, … in `plesk:servers`. */
  readonly servers?: number;
  /** Each package's `downloadTimeoutSeconds`; the default when absent. */
  readonly deadlineSeconds?: number;
}

/** The servers a stack reaches: one as the default connection, or a fleet in `plesk:servers`. */
export type Connections = { readonly server: Sandbox } | { readonly fleet: readonly Sandbox[] } | Record<string, never>;

/**
 * One program for all three, chosen by each stack's `bench:contender`, `bench:kind` and
 * `bench:count`. The floor is the same number of dynamic resources whose provider does nothing:
 * what the engine itself costs.
 */
const PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const settings = new pulumi.Config("bench");
const count = settings.requireNumber("count");
const contender = settings.require("contender");
const kind = settings.require("kind");
const servers = settings.getNumber("servers") ?? 0;
const deadline = settings.getNumber("deadline");
// Outputs shaped like ApsPackage's, so the engine stores and compares as much state for each.
const floor = {
  async create(inputs) {
    const outs = { ...inputs, packageId: inputs.name, version: "1.0", release: "1", vendor: "https://vendor.example/",
      packager: "https://packager.example/", isUploaded: false, isVisible: true, globalSettingsNotSet: false,
      downloadTaskId: "1", totalBytes: 1000000, adopted: false, downloadTimeoutSeconds: 3600 };
    return { id: inputs.name, outs };
  },
  async read(id, props) { return { id, props }; },
};
for (let i = 0; i < count && kind === "deliveries"; i++) {
  const props = { catalogId: "bench-item-" + i, deviceId: "bench-device", itemType: "software" };
  if (contender === "ours") new (require("pulumi-plesk-aps").PreparedDelivery)("delivery-" + i, props);
  else if (contender === "baseline") new pulumi.dynamic.Resource(require("./delivery-baseline-provider").deliveryBaselineProvider, "delivery-" + i, props, undefined, "bench", "DeliveryBaseline");
  else new pulumi.dynamic.Resource(floor, "delivery-" + i, { name: props.catalogId }, undefined, "bench", "Floor");
}
function aps(name, props) {
  if (contender === "ours") new (require("pulumi-plesk-aps").ApsPackage)(name, props);
  else if (contender === "plugin") new pulumi.CustomResource("plesk:index:ApsPackage", name, props);
  else if (contender === "baseline") new pulumi.dynamic.Resource(require("./baseline-provider").baselineProvider, name, props, undefined, "bench", "Baseline");
  else new pulumi.dynamic.Resource(floor, name, props, undefined, "bench", "Floor");
}
const timeout = deadline === undefined ? {} : { downloadTimeoutSeconds: deadline };
for (let i = 0; i < count && kind === "packages"; i++) aps("pkg-" + i, { name: "Bench App " + i, ...timeout });
function extension(name, props) {
  if (contender === "ours") new (require("pulumi-plesk-aps").Extension)(name, props);
  else if (contender === "plugin") new pulumi.CustomResource("plesk:index:Extension", name, props);
  else new pulumi.dynamic.Resource(floor, name, { name, ...props }, undefined, "bench", "Floor");
}
// Extensions on one server (the default connection), or on each server of a fleet.
for (let s = 0; s < Math.max(servers, 1) && kind === "extensions"; s++)
  for (let i = 0; i < count; i++)
    extension(servers > 0 ? "plesk" + s + "-ext-" + i : "ext-" + i, { extensionId: "bench-ext-" + i, ...(servers > 0 ? { server: "plesk" + s } : {}) });
// A fleet as an inventory declares it: server after server.
for (let s = 0; s < servers && kind === "fleet"; s++)
  for (let i = 0; i < count; i++) aps("plesk" + s + "-pkg-" + i, { name: "Bench App " + i, server: "plesk" + s, ...timeout });
`;

/** The bench project's Pulumi.yaml: the native plugin is the installed package's own launcher. */
const PULUMI_YAML = `name: plesk-aps-bench
runtime: nodejs
plugins:
  providers:
    - name: plesk
      path: ./node_modules/pulumi-plesk-aps/plugins/plesk
`;

export const BANDWIDTH = 10_000_000;
export const SPEED = 10;

/**
 * Downloads at 10 MB/s and speed 10, one after another as Plesk downloads them. Short: 1 MB,
 * 10 ms of wall time each, so the engine and the round trips dominate. Long: 90 MB, 0.9 s each,
 * as real packages take seconds; not a divisor of the baseline's 2 s, so its polls fall anywhere.
 */
export const DOWNLOAD_BYTES = { short: 1_000_000, long: 90_000_000 } as const;

export interface CommandFigures {
  readonly wallMs: number;
  readonly packets: Readonly<Record<string, number>>;
  /** `get-packages-list` operations for every package on the server (the rest ask by id). */
  readonly wholeServerLists: number;
  /** Bytes of the XML API's answers. */
  readonly answerBytes: number;
  readonly requests: number;
  /** Peak resident memory of the provider host the CLI started. */
  readonly hostPeakMb: number;
}

export interface UpFigures extends CommandFigures {
  /** The downloads' own time at the sandbox's speed: what no provider can beat. */
  readonly simulatedMs: number;
  /** From the sandbox finishing a task to an answer saying so, mean and max. */
  readonly meanNoticedMs: number;
  readonly maxNoticedMs: number;
}

export interface DeliveryFigures extends CommandFigures {
  /** `GET preparedDelivery` requests: GetApp has no status call for many deliveries. */
  readonly statusRequests: number;
  /** From GetApp ending a preparation to an answer saying so, mean and max. */
  readonly meanNoticedMs: number;
  readonly maxNoticedMs: number;
}

/** A stack after its measured `pulumi up`, with its sandbox still serving. */
export interface KeptStack {
  readonly up: UpFigures;
  refresh(): Promise<CommandFigures>;
  close(): Promise<void>;
}

export interface Scenario {
  readonly contender: Contender;
  readonly count: number;
  /** `--parallel`; the CLI's default when absent. */
  readonly parallel?: number;
  readonly server: SandboxOptions;
  readonly downloads: keyof typeof DOWNLOAD_BYTES;
  /** Packages the server holds besides the program's, as a panel in use does. */
  readonly otherPackages?: number;
}

const REFRESH_RUNS = 5;

/**
 * `pulumi refresh` of each stack, the median of five, in the stacks' order. A refresh lasts a
 * second or two, as much as the machine's drift over minutes: the stacks take turns, so the
 * drift weighs on each alike.
 */
export async function medianRefreshes(stacks: readonly KeptStack[]): Promise<CommandFigures[]> {
  const runs: CommandFigures[][] = stacks.map(() => []);
  for (let run = 0; run < REFRESH_RUNS; run++) for (const [i, stack] of stacks.entries()) runs[i].push(await stack.refresh());
  return runs.map(medianOf);
}

/** The run of median wall time. */
export function medianOf<T extends { readonly wallMs: number }>(runs: readonly T[]): T {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];
}

/** A Pulumi project with this package installed as users install it, and the baseline beside it. */
export class CliBench {
  private stacks = 0;

  private constructor(private readonly project: EngineProject) {}

  static create(): CliBench {
    const lane = { name: "bench", node: process.execPath, sdkVersion: require("@pulumi/pulumi/package.json").version as string };
    // JavaScript, so that no type check of the program weighs on the walls the bench measures.
    const project = EngineProject.create(lane, pulumiCliDir(), "plesk-aps-bench", PROGRAM, "javascript");
    writeFileSync(join(project.dir, "Pulumi.yaml"), PULUMI_YAML);
    for (const file of ["baseline-provider.js", "delivery-baseline-provider.js"]) {
      const compiled = readFileSync(join(DIST, "bench", file), "utf8");
      writeFileSync(join(project.dir, file), compiled.replace(/require\("\.\.\/provider"\)/g, 'require("pulumi-plesk-aps")'));
    }
    return new CliBench(project);
  }

  /** Deletes the project the bench ran in. */
  remove(): void {
    this.project.remove();
  }

  /**
   * `pulumi up` of the scenario's resources on a new stack, measured; the stack and its sandbox
   * stay for `pulumi refresh` until closed.
   */
  async upAndKeep(scenario: Scenario): Promise<KeptStack> {
    const { contender, count, parallel, server } = scenario;
    const sizeBytes = DOWNLOAD_BYTES[scenario.downloads];
    const options = { ...server, speed: SPEED, bandwidthBytesPerSecond: BANDWIDTH, catalogs: benchCatalog(count, sizeBytes) };
    const parallelFlag = parallel === undefined ? [] : ["--parallel", String(parallel)];
    const sandbox = await startSandbox(options);
    holdOtherPackages(sandbox, scenario.otherPackages ?? 0);
    try {
      const stack = await this.newStack({ contender, kind: "packages", count }, { server: sandbox });
      sandbox.resetCounts();
      const up = await measured(sandbox, () => this.project.program("up", "--stack", stack, ...parallelFlag));
      const tasks = sandbox.taskLog();
      return {
        up: {
          ...up,
          simulatedMs: (((tasks.length * sizeBytes) / BANDWIDTH) * 1000) / SPEED,
          ...noticedDelays(tasks.map((task) => task.finishReportedAtWallMs! - task.finishedAtWallMs!)),
        },
        refresh: () => {
          sandbox.resetCounts();
          return measured(sandbox, () => this.project.command("refresh", "--yes", "--skip-preview", "--stack", stack, ...parallelFlag));
        },
        close: () => sandbox.close(),
      };
    } catch (error) {
      await sandbox.close();
      throw error;
    }
  }

  /**
   * `pulumi up` of deliveries prepared at once on a new stack, one per copy length. Copies of
   * different lengths end at every phase of a fixed polling grid, as real ones do; copies all
   * of one length would end at one phase, and a poller's delay would be that phase's luck.
   */
  async upDeliveries(contender: Contender, copyMs: readonly number[]): Promise<DeliveryFigures> {
    // One artifact each, sized so that its copy lasts its length at this rate (after GetApp's start phase).
    const bytesPerSecond = 100_000;
    const options = {
      ...GETAPP_MODEL,
      deliveryCatalog: benchDeliveryCatalog(copyMs.map((ms) => Math.round((bytesPerSecond * ms) / 1000))),
      deliveryBandwidthBytesPerSecond: bytesPerSecond,
    };
    const count = copyMs.length;
    return this.onNewStack(options, { contender, kind: "deliveries", count }, async (sandbox, stack) => {
      sandbox.resetCounts();
      const up = await measured(sandbox, () => this.project.program("up", "--stack", stack, "--parallel", String(count)));
      const ends = sandbox.deliveries
        .preparationLog()
        .flatMap((entry) =>
          entry.endedAtWallMs !== undefined && entry.endReportedAtWallMs !== undefined
            ? [entry.endReportedAtWallMs - entry.endedAtWallMs]
            : [],
        );
      return { ...up, statusRequests: sandbox.counts().getappRequests.preparedDelivery ?? 0, ...noticedDelays(ends) };
    });
  }

  /** A sandbox and a new stack configured for it, for one scenario; the sandbox closes after. */
  private async onNewStack<T>(
    options: SandboxOptions,
    program: ProgramSettings,
    scenario: (sandbox: Sandbox, stack: string) => Promise<T>,
  ): Promise<T> {
    const sandbox = await startSandbox(options);
    try {
      const stack = await this.newStack(program, { server: sandbox });
      return await scenario(sandbox, stack);
    } finally {
      await sandbox.close();
    }
  }

  /** A new stack reaching `connections`, its program told what to declare; its name. */
  async newStack(program: ProgramSettings, connections: Connections): Promise<string> {
    const stack = `s${++this.stacks}`;
    await this.configure(stack, program, connections);
    return stack;
  }

  /** `pulumi ARGS` in the bench project, running. */
  command(...args: string[]): Running {
    return this.project.command(...args);
  }

  /** The stack's state as the backend keeps it. */
  stateOf(stack: string): string {
    return this.project.stateFile(stack);
  }

  private async configure(stack: string, program: ProgramSettings, connections: Connections): Promise<void> {
    const plaintext = (key: string, value: string) => ["--plaintext", `${key}=${value}`];
    const secret = (key: string, value: string) => ["--secret", `${key}=${value}`];
    const server = "server" in connections ? connections.server : undefined;
    const fleet = "fleet" in connections ? connections.fleet : [];
    const settings = [
      ...plaintext("bench:contender", program.contender),
      ...plaintext("bench:kind", program.kind),
      ...plaintext("bench:count", String(program.count)),
      ...(program.servers === undefined ? [] : plaintext("bench:servers", String(program.servers))),
      ...(program.deadlineSeconds === undefined ? [] : plaintext("bench:deadline", String(program.deadlineSeconds))),
    ];
    const defaultConnection = !server
      ? []
      : [
          ...plaintext("plesk:url", server.url),
          ...plaintext("plesk:login", server.credentials.login),
          ...secret("plesk:password", server.credentials.password),
          ...plaintext("plesk:caCert", server.caCert!),
          ...plaintext("getapp:url", server.url),
          ...secret("getapp:deviceAuth", server.credentials.deviceAuth),
          ...plaintext("getapp:caCert", server.caCert!),
        ];
    // As an operator sets a fleet: `pulumi config set --path plesk:servers.NAME.url …`.
    const servers = fleet.flatMap((sandbox, i) => [
      ...plaintext(`plesk:servers.plesk${i}.url`, sandbox.url),
      ...plaintext(`plesk:servers.plesk${i}.login`, sandbox.credentials.login),
      ...secret(`plesk:servers.plesk${i}.password`, sandbox.credentials.password),
      ...plaintext(`plesk:servers.plesk${i}.caCert`, sandbox.caCert!),
    ]);
    for (const args of [
      ["stack", "init", stack],
      ["config", "set-all", "--stack", stack, ...settings, ...defaultConnection],
      ...(servers.length === 0 ? [] : [["config", "set-all", "--path", "--stack", stack, ...servers]]),
    ]) {
      const result = await this.project.pulumi(...args);
      if (result.code !== 0) throw new Error(`pulumi ${args.slice(0, 3).join(" ")} failed: ${result.stdout}${result.stderr}`);
    }
  }
}

/** Mean and max of the delays from an end to the first answer saying so. */
function noticedDelays(delays: readonly number[]): { meanNoticedMs: number; maxNoticedMs: number } {
  if (delays.length === 0) return { meanNoticedMs: 0, maxNoticedMs: 0 };
  return { meanNoticedMs: delays.reduce((a, b) => a + b, 0) / delays.length, maxNoticedMs: Math.max(...delays) };
}

/** A command run to its end: its wall time, what it printed, and the provider's peak memory. */
export interface Timed {
  readonly wallMs: number;
  readonly result: RunResult;
  /** Peak resident memory of the provider process the CLI started (the dynamic-provider host or the plugin). */
  readonly hostPeakMb: number;
}

/** Runs one command to its end, timing it and sampling the provider's peak memory. */
export async function timed(start: () => Running): Promise<Timed> {
  const started = Date.now();
  const running = start();
  let hostPeakMb = 0;
  const sample = setInterval(() => (hostPeakMb = Math.max(hostPeakMb, providerHostPeakMb(running.process.pid!))), 100);
  const result = await running.done;
  clearInterval(sample);
  return { wallMs: Date.now() - started, result, hostPeakMb };
}

/** Runs one command that must succeed, with the sandbox's counts of it. */
async function measured(sandbox: Sandbox, start: () => Running): Promise<CommandFigures> {
  const { wallMs, result, hostPeakMb } = await timed(start);
  if (result.code !== 0) throw new Error(`the command failed:\n${result.stdout}${result.stderr}`);
  const counts = sandbox.counts();
  return {
    wallMs,
    packets: counts.packetsByOperation,
    wholeServerLists: counts.wholeServerLists,
    answerBytes: counts.answerBytes,
    requests: counts.httpRequests,
    hostPeakMb,
  };
}

/** Packages no resource of the program declares, on the server before the run. */
function holdOtherPackages(sandbox: Sandbox, count: number): void {
  for (let i = 0; i < count; i++) {
    sandbox.aps.addPackage({
      name: `Other App ${i}`,
      version: "2.1",
      release: "3",
      vendor: "https://vendor.example/",
      packager: "https://packager.example/",
      isUploaded: false,
      isVisible: true,
      globalSettingsNotSet: false,
    });
  }
}

/** The largest peak resident memory among the provider processes below `pid`, from /proc. */
function providerHostPeakMb(pid: number): number {
  let peak = 0;
  for (const child of descendants(pid)) {
    try {
      const commandLine = readFileSync(`/proc/${child}/cmdline`, "utf8");
      if (!/dynamic-provider|plesk-plugin/.test(commandLine)) continue;
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, "utf8"))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // It ended between the listing and the read.
    }
  }
  return peak;
}

/** The parallelism the CLI uses when not told, as `pulumi up --help` states it on this machine. */
export function defaultParallelism(): number {
  const help = execFileSync(join(pulumiCliDir(), "pulumi"), ["up", "--help"], { encoding: "utf8" });
  return Number(/--parallel int\d*\s+Allow P resource operations.*\(default (\d+)\)/.exec(help)?.[1]);
}
