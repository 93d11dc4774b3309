import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { packInto } from "./package-tarball";
import { REPO_ROOT } from "./paths";
import type { Sandbox } from "../sandbox";

/** A Node.js and an `@pulumi/pulumi` a user may have, with the Pulumi CLI beside them. */
export interface Lane {
  readonly name: string;
  /** The `node` binary the program, the provider host and the CLI's plugin run on. */
  readonly node: string;
  /** The `@pulumi/pulumi` version installed into the project. */
  readonly sdkVersion: string;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI or program process: its result, or a SIGKILL. */
export interface Running {
  readonly process: ChildProcess;
  readonly output: () => string;
  readonly done: Promise<RunResult>;
}

/** The compiler and Node types a TypeScript project gets, as in this repository's own package.json. */
const TYPESCRIPT_VERSION = "~5.9";
const TYPES_NODE_VERSION = "^20.19.43";

/** The newest @pulumi/pulumi when this was written; its engines field wants Node 22 or later. */
export const NEWEST_SDK = "3.270.0";

/** The two lanes every engine test runs on: what users have. */
export const LANES: readonly (readonly [string, () => Lane])[] = [
  [
    "Node 20, pinned @pulumi/pulumi",
    () => ({ name: "node20", node: process.execPath, sdkVersion: require("@pulumi/pulumi/package.json").version as string }),
  ],
  ["Node 24, newest @pulumi/pulumi", () => ({ name: "node24", node: node24(), sdkVersion: NEWEST_SDK })],
];

/** A process's command line, or "" once it has ended. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

/**
 * The processes `pid` started, and theirs: what a killed run takes down with it. Read from /proc
 * in one pass: the bench samples this every 100 ms beside the sandbox, and a `pgrep` per process
 * blocked that event loop for some 50 ms each time, delaying the sandbox's answers.
 */
export function descendants(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // it ended between the listing and the read
    }
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(Number(entry));
    childrenOf.set(parent, siblings);
  }
  const below = (parent: number): number[] => (childrenOf.get(parent) ?? []).flatMap((child) => [child, ...below(child)]);
  return below(pid);
}

/** The Pulumi CLI's directory, got (built once, cached) by the project's own script. */
export function pulumiCliDir(): string {
  return tool("pulumi");
}

export function node24(): string {
  return tool("node24");
}

function tool(name: string): string {
  try {
    const out = execFileSync("bash", [join(REPO_ROOT, "scripts", "engine-tools.sh"), name], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    return out.trim().split("\n").pop()!;
  } catch (error) {
    throw new Error(
      `scripts/engine-tools.sh ${name} failed; the engine suite needs it (see its message above): ${(error as Error).message}`,
    );
  }
}

/** The language a project's program is written in: TypeScript, as users write them, unless told. */
export type ProgramLanguage = "typescript" | "javascript";

const PROGRAM_FILES: Readonly<Record<ProgramLanguage, string>> = { typescript: "index.ts", javascript: "index.js" };

/** The compiler settings of Pulumi's own TypeScript template; ts-node reads them when `pulumi up` runs the program. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/**
 * A Pulumi project in a fresh directory, as a user has one: a `Pulumi.yaml` (`runtime: nodejs`),
 * a `package.json` whose `main` is the program, this package installed from its tarball beside
 * the lane's `@pulumi/pulumi`, and the program (TypeScript, with the `tsconfig.json` and the
 * compiler Pulumi's template has). `pulumi up` runs it through the Node.js language host, as
 * for any user. State goes to a `file://` backend inside it; nothing reaches the network.
 */
export class EngineProject {
  readonly backendDir: string;
  readonly homeDir: string;
  /**
   * The processes' temporary folder, inside the project: what a killed language host leaves
   * there (the Node.js host's `pulumi-node-pipes*` folders) goes with `remove`.
   */
  readonly tmpDir: string;
  /** A Python program's virtual environment, relative to the project, once `useVirtualenv` names it. */
  private virtualenv: string | undefined;
  /** Variables a test gives every command besides the harness's own (`PLESK_URL` …). */
  private variables: Readonly<Record<string, string>> = {};
  /** PATH for every later command instead of the harness's (the CLI, the lane's Node.js, the machine's PATH). */
  private path: string | undefined;
  /** Everything the CLI and the program printed, for the credential scan. */
  readonly transcript: string[] = [];

  private constructor(
    readonly dir: string,
    readonly lane: Lane,
    private readonly pulumiDir: string,
    readonly projectName: string,
    readonly language: ProgramLanguage,
  ) {
    this.backendDir = join(dir, ".state");
    this.homeDir = join(dir, ".pulumi-home");
    this.tmpDir = join(dir, ".tmp");
    mkdirSync(this.backendDir);
    mkdirSync(this.homeDir);
    mkdirSync(this.tmpDir);
  }

  static create(
    lane: Lane,
    pulumiDir: string,
    projectName: string,
    program: string,
    language: ProgramLanguage = "typescript",
  ): EngineProject {
    const dir = mkdtempSync(join(tmpdir(), `plesk-aps-engine-${lane.name}-`));
    // Packed into the project, so that `remove` takes the tarball with it.
    const tarball = packInto(dir);
    const main = PROGRAM_FILES[language];
    const compiler =
      language === "typescript" ? { devDependencies: { typescript: TYPESCRIPT_VERSION, "@types/node": TYPES_NODE_VERSION } } : {};
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({
        name: projectName,
        private: true,
        main,
        dependencies: { "pulumi-plesk-aps": `file:./${tarball}`, "@pulumi/pulumi": lane.sdkVersion },
        ...compiler,
      }),
    );
    installDependencies(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\ndescription: APS packages and GetApp deliveries\n`);
    if (language === "typescript") writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    const project = new EngineProject(dir, lane, pulumiDir, projectName, language);
    project.writeProgram(program);
    return project;
  }

  /**
   * A copy of a project folder (one of `examples/`), as a user copies it: its own files, with its
   * `pulumi-plesk-aps` dependency pointed at this package's tarball and `@pulumi/pulumi` at the
   * lane's. Nothing is installed: the folder's README says how.
   */
  static copyOf(lane: Lane, pulumiDir: string, folder: string): EngineProject {
    const dir = mkdtempSync(join(tmpdir(), `plesk-aps-example-${lane.name}-`));
    cpSync(folder, dir, { recursive: true, filter: (source) => !/[/\\](node_modules|\.sandbox|bin)$/.test(source) });
    const tarball = packInto(dir);
    const manifestPath = join(dir, "package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { name: string; dependencies: Record<string, string> };
    manifest.dependencies = { ...manifest.dependencies, "pulumi-plesk-aps": `file:./${tarball}`, "@pulumi/pulumi": lane.sdkVersion };
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    return EngineProject.at(lane, pulumiDir, dir);
  }

  /**
   * A YAML program (`runtime: yaml`, run by the YAML language host), with nothing to install:
   * its providers are the native plugins, installed into the project's own PULUMI_HOME from
   * the archives `npm run plugins` writes.
   */
  static yaml(lane: Lane, pulumiDir: string, projectName: string, body: string, pluginArchives: readonly string[]): EngineProject {
    return EngineProject.native(lane, pulumiDir, projectName, `runtime: yaml\n${body}`, pluginArchives);
  }

  /** A project of any runtime (`pulumiYaml` is its Pulumi.yaml after the name) over the native plugins installed from their archives. */
  static native(lane: Lane, pulumiDir: string, projectName: string, pulumiYaml: string, pluginArchives: readonly string[]): EngineProject {
    const dir = mkdtempSync(join(tmpdir(), `plesk-aps-native-${lane.name}-`));
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${projectName}\n${pulumiYaml}`);
    const project = new EngineProject(dir, lane, pulumiDir, projectName, "typescript");
    for (const archive of pluginArchives) {
      const [, name, version] = /pulumi-resource-([a-z]+)-v([^-]+)-/.exec(archive) ?? [];
      if (name === undefined || version === undefined) throw new Error(`${archive} is not named as npm run plugins names archives`);
      execFileSync(join(pulumiDir, "pulumi"), ["plugin", "install", "resource", name, version, "--file", archive], {
        env: project.env(),
        stdio: "pipe",
      });
    }
    return project;
  }

  /** Replaces the YAML program's body (what follows `name` and `runtime`). */
  writeYaml(body: string): void {
    writeFileSync(join(this.dir, "Pulumi.yaml"), `name: ${this.projectName}\nruntime: yaml\n${body}`);
  }

  /** The project a folder already holds (its Pulumi.yaml names it), run with this harness's private, offline environment. */
  static at(lane: Lane, pulumiDir: string, dir: string): EngineProject {
    const name = /^name: (\S+)$/m.exec(readFileSync(join(dir, "Pulumi.yaml"), "utf8"))?.[1];
    if (name === undefined) throw new Error(`${dir}/Pulumi.yaml names no project`);
    return new EngineProject(dir, lane, pulumiDir, name, "typescript");
  }

  /** `npm install` of what the project's package.json names, as a user runs it. */
  install(): void {
    installDependencies(this.dir);
  }

  /**
   * A bash script in the project directory, stopping at the first failure. A script written for
   * users logs in itself (`pulumi login --local`): that login is pointed at this project's own
   * backend, since `--local` means the real home of the machine's user whatever `HOME` says, and
   * no PULUMI_BACKEND_URL is set to contradict it.
   */
  shell(script: string): Promise<RunResult> {
    const { PULUMI_BACKEND_URL: _backend, ...env } = this.env();
    return this.start(
      "bash",
      ["-euo", "pipefail", "-c", script.replace(/pulumi login --local\b/g, `pulumi login file://${this.backendDir}`)],
      env,
    ).done;
  }

  /**
   * Runs every command with the virtual environment `dir` (relative to the project) active. The
   * Python host built from its Go module (scripts/engine-tools.sh) predates the `virtualenv`
   * runtime option the CLI now sends, and runs whichever `python3` is first on PATH.
   */
  useVirtualenv(dir: string): void {
    this.virtualenv = join(this.dir, dir);
  }

  /** Runs every later command with exactly these folders on PATH: a machine without some tool (Node.js, say). */
  usePath(folders: readonly string[]): void {
    this.path = folders.join(delimiter);
  }

  /** Gives every later command these variables too, as a user's shell would (the harness drops the machine's own). */
  setVariables(variables: Readonly<Record<string, string>>): void {
    this.variables = variables;
  }

  /** Replaces the program (`index.ts`, or `index.js` for a JavaScript project). */
  writeProgram(program: string): void {
    writeFileSync(join(this.dir, PROGRAM_FILES[this.language]), program);
  }

  /** Deletes the project, its node_modules (about 100 MB) and its state. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The environment of every command: offline, private, the lane's node first on PATH. */
  env(): NodeJS.ProcessEnv {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(PLESK|GETAPP|PULUMI)_/.test(key) && key !== "VIRTUAL_ENV"),
    );
    const python = this.virtualenv === undefined ? {} : { VIRTUAL_ENV: this.virtualenv };
    const venvBin = this.virtualenv === undefined ? [] : [join(this.virtualenv, "bin")];
    return {
      ...inherited,
      ...python,
      PATH: this.path ?? [...venvBin, this.pulumiDir, dirname(this.lane.node), process.env.PATH ?? ""].join(delimiter),
      TMPDIR: this.tmpDir,
      // Node 24's module compile cache, which newer @pulumi/pulumi switches on, is written into
      // TMPDIR as each process ends, so a process ending late kept .tmp from being removed.
      NODE_DISABLE_COMPILE_CACHE: "1",
      PULUMI_BACKEND_URL: `file://${this.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-suite-passphrase",
      PULUMI_HOME: this.homeDir,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DISABLE_CI_DETECTION: "true",
      NO_COLOR: "1",
      // Last: a test may give the CLI what the harness otherwise holds fixed (automatic plugin acquisition, say).
      ...this.variables,
    };
  }

  /** `pulumi ARGS` in the project directory. */
  pulumi(...args: string[]): Promise<RunResult> {
    return this.command(...args).done;
  }

  /** `pulumi ARGS`, running. */
  command(...args: string[]): Running {
    return this.start(join(this.pulumiDir, "pulumi"), ["--non-interactive", ...args]);
  }

  /** `pulumi up` (without its own preview, as CI runs it) or `pulumi preview`, running. */
  program(operation: "up" | "preview", ...flags: string[]): Running {
    return this.command(operation, ...(operation === "up" ? ["--yes", "--skip-preview"] : []), ...flags);
  }

  /** The stack's state file as the backend wrote it to disk. */
  stateFile(stack = "dev"): string {
    return readFileSync(join(this.backendDir, ".pulumi", "stacks", this.projectName, `${stack}.json`), "utf8");
  }

  private start(command: string, args: string[], env: NodeJS.ProcessEnv = this.env()): Running {
    const child = spawn(command, args, { cwd: this.dir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<RunResult>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => {
        this.transcript.push(stdout, stderr);
        resolve({ code, stdout, stderr });
      });
    });
    return { process: child, output: () => stdout + stderr, done };
  }
}

function installDependencies(dir: string): void {
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict=false"], {
    cwd: dir,
    stdio: "pipe",
  });
}

/** Keeps the sandboxes' clocks moving while `running` lasts, so downloads and preparations finish. */
export async function withClockRunning(sandboxes: Sandbox | readonly Sandbox[], running: Running): Promise<RunResult> {
  const all = Array.isArray(sandboxes) ? sandboxes : [sandboxes];
  const pump = setInterval(() => all.forEach((sandbox) => sandbox.clock.advance(30_000)), 10);
  try {
    return await running.done;
  } finally {
    clearInterval(pump);
  }
}
