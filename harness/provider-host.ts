import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type * as grpcTypes from "@grpc/grpc-js";

/**
 * Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started as the
 * engine starts it and driven over gRPC with the stubs Pulumi ships: Configure, then Check,
 * Diff, Create, Read, Update, Delete. The host never calls back to an engine, so this is all
 * that stands between a test (or the demo) and the provider code `pulumi up` would run.
 */

// The host's gRPC library, exactly as @pulumi/pulumi resolves it.
const grpc = createRequire(require.resolve("@pulumi/pulumi/package.json"))("@grpc/grpc-js") as typeof grpcTypes;

export type Props = Record<string, unknown>;

/** What the engine records when a create or update fails after the resource came to exist. */
export interface InitFailure {
  readonly id: string;
  readonly properties: Props;
}

export class HostCallError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly initFailure: InitFailure | undefined,
  ) {
    super(message);
    this.name = "HostCallError";
  }
}

export interface HostOptions {
  /** The Pulumi project directory: the host's working directory, where `require()` resolves. */
  readonly projectDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** A native plugin's executable, started instead of Pulumi's dynamic-provider host. */
  readonly plugin?: string;
}

/** The environment without provider settings, so that only the config given to Configure counts. */
export function withoutProviderSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(PLESK|GETAPP)_/.test(key)));
}

/** Marks a config value secret the way the engine sends it; the host unwraps it. */
export function secret(value: string): Props {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

export class ProviderHost {
  /** Every line the host printed after its port: what the engine would show as diagnostics. */
  readonly output: string[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly client: InstanceType<typeof ResourceProviderClient>,
  ) {}

  static async start(options: HostOptions): Promise<ProviderHost> {
    const [file, ...args] =
      options.plugin === undefined
        ? [process.execPath, createRequire(join(options.projectDir, "package.json")).resolve("@pulumi/pulumi/cmd/dynamic-provider")]
        : [options.plugin];
    const child = spawn(file, [...args, "127.0.0.1:0"], { cwd: options.projectDir, env: options.env ?? process.env });
    const port = await new Promise<string>((resolve, reject) => {
      let first = "";
      const onData = (chunk: Buffer) => {
        first += chunk.toString();
        const newline = first.indexOf("\n");
        if (newline === -1) return;
        child.stdout.off("data", onData);
        resolve(first.slice(0, newline).trim());
      };
      child.stdout.on("data", onData);
      child.once("exit", (code) => reject(new Error(`the provider host exited with ${code} before printing its port`)));
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const host = new ProviderHost(child, client);
    const collect = (chunk: Buffer) => {
      host.output.push(
        ...chunk
          .toString()
          .split("\n")
          .filter((line) => line.trim() !== ""),
      );
      for (const listener of host.listeners) listener();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    return host;
  }

  /** The host's process id, e.g. to read its peak memory. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Calls `listener` with each line the host prints from now on. */
  onLine(listener: (line: string) => void): void {
    let seen = this.output.length;
    this.listeners.add(() => {
      while (seen < this.output.length) listener(this.output[seen++]);
    });
  }

  /** Resolves once some printed line matches: for waiting on progress without sleeping. */
  waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.output.find((l) => pattern.test(l));
        if (!line) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(line);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no host output matched ${pattern} within ${timeoutMs} ms; output so far:\n${this.output.join("\n")}`));
      }, timeoutMs);
      if (!check()) this.listeners.add(listener);
    });
  }

  async configure(config: Props): Promise<void> {
    const request = new provproto.ConfigureRequest();
    request.setArgs(structproto.Struct.fromJavaScript(config as never));
    request.setAcceptsecrets(true);
    await this.call("configure", request);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const request = new provproto.CheckRequest();
    request.setUrn(urn);
    // As the engine sends it: a native plugin serves by the type, the dynamic host ignores it.
    request.setType(urn.split("::")[2] ?? "");
    request.setOlds(struct(olds));
    request.setNews(struct(news));
    const response = await this.call<provproto.CheckResponse>("check", request);
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "some" | "none" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const request = new provproto.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(struct(olds));
    request.setNews(struct(news));
    const response = await this.call<provproto.DiffResponse>("diff", request);
    const changes = {
      [provproto.DiffResponse.DiffChanges.DIFF_SOME]: "some",
      [provproto.DiffResponse.DiffChanges.DIFF_NONE]: "none",
    } as const;
    return {
      changes: changes[response.getChanges() as keyof typeof changes] ?? "unknown",
      replaces: response.getReplacesList(),
      deleteBeforeReplace: response.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const request = new provproto.CreateRequest();
    request.setUrn(urn);
    request.setProperties(struct(properties));
    const response = await this.call<provproto.CreateResponse>("create", request);
    return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
  }

  async read(
    urn: string,
    id: string,
    properties: Props,
    inputs: Props = {},
  ): Promise<{ id: string; properties: Props; inputs: Props | undefined }> {
    const request = new provproto.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(struct(properties));
    request.setInputs(struct(inputs));
    const response = await this.call<provproto.ReadResponse>("read", request);
    return {
      id: response.getId(),
      properties: response.getProperties()?.toJavaScript() ?? {},
      inputs: response.getInputs()?.toJavaScript(),
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const request = new provproto.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(struct(olds));
    request.setNews(struct(news));
    const response = await this.call<provproto.UpdateResponse>("update", request);
    return { properties: response.getProperties()?.toJavaScript() ?? {} };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const request = new provproto.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(struct(properties));
    await this.call("delete", request);
  }

  /** Stops the host; SIGKILL plays a run killed mid-way, which gets no chance to clean up. */
  async close(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill(signal);
    await exited;
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    const stub = (this.client as unknown as Record<string, UnaryCall<T>>)[method].bind(this.client);
    return new Promise((resolve, reject) => {
      stub(request, (error: grpcTypes.ServiceError | null, response: T) => {
        if (error) reject(new HostCallError(method, error.details || error.message, initFailure(error)));
        else resolve(response);
      });
    });
  }
}

/** A unary gRPC method of the generated client, looked up by name. */
type UnaryCall<T> = (request: unknown, callback: (error: grpcTypes.ServiceError | null, response: T) => void) => void;

function struct(value: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(value as never);
}

/** The ErrorResourceInitFailed detail the host packs into `grpc-status-details-bin`, if any. */
function initFailure(error: grpcTypes.ServiceError): InitFailure | undefined {
  const [raw] = error.metadata?.get("grpc-status-details-bin") ?? [];
  if (!raw) return undefined;
  const status = statusproto.Status.deserializeBinary(raw as Uint8Array);
  for (const detail of status.getDetailsList()) {
    if (!detail.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const failure = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return { id: failure.getId(), properties: failure.getProperties()?.toJavaScript() ?? {} };
  }
  return undefined;
}

/** `urn:pulumi:STACK::PROJECT::TYPE::NAME`, as the engine names resources. */
export function urnOf(type: string, name: string, project = "quickstart", stack = "dev"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}
