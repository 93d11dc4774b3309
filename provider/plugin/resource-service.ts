import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { deadlineFor, type Deadline } from "../basics/deadline";
import { DescribedError } from "../basics/errors";
import type { ResourceLifecycle } from "../resources/common/resource-lifecycle";
import { notImportable, ResourceNotReadyError, type CheckFailure } from "../resources/common/resource-values";
import type { EngineLog } from "./engine-log";
import { providerConfig, settingSourceOf } from "./provider-config";
import { plainValues, toStruct } from "./wire-values";

/** What one plugin serves: its package, its one resource type, and the schema it publishes. */
export interface PluginPackage<Connection extends { readonly warnings: readonly string[] }, Context, Inputs, Outputs> {
  /** The Pulumi package: `plesk`, `getapp`. */
  readonly name: string;
  readonly version: string;
  /** The resource's type token, `plesk:index:ApsPackage`. */
  readonly type: string;
  readonly lifecycle: ResourceLifecycle<Connection, Context, Inputs, Outputs>;
  readonly schema: string;
}

type Handler<Request, Response> = grpc.handleUnaryCall<Request, Response>;

/** The calls served; the engine gets UNIMPLEMENTED for the others (Handshake, Invoke, Construct …) and does without them. */
type ServedCalls = Pick<
  IResourceProviderServer,
  | "getPluginInfo"
  | "getSchema"
  | "checkConfig"
  | "diffConfig"
  | "configure"
  | "check"
  | "diff"
  | "create"
  | "read"
  | "update"
  | "delete"
  | "cancel"
>;

/**
 * The ResourceProvider gRPC service over one resource's lifecycle: the native plugin's front
 * door. It owns what Pulumi sees: config arriving through Configure, lines for each resource's
 * row, and errors as the engine reads them.
 */
export function resourceService<Connection extends { readonly warnings: readonly string[] }, Context, Inputs, Outputs>(
  pkg: PluginPackage<Connection, Context, Inputs, Outputs>,
  log: EngineLog,
): ServedCalls {
  const { lifecycle } = pkg;
  let connection: { readonly ok: Connection } | { readonly error: Error } | undefined;
  // Ends the creates and updates in flight when the engine cancels; later calls get a fresh one.
  let running = new AbortController();

  /** `urn` is the provider's: an explicit provider's messages name its inputs, a default one's stack config. */
  const connect = (inputs: Record<string, unknown>, urn: string | undefined): Connection =>
    lifecycle.connect(providerConfig(pkg.name, inputs, settingSourceOf(urn)), process.env);
  const contextFor = (urn: string, resource: Inputs | Outputs): Context => {
    if (connection === undefined)
      throw new DescribedError("RESOURCE_UNCONFIGURED", `${pkg.name}: the provider was not configured before a resource call`);
    if ("error" in connection) throw connection.error;
    return lifecycle.context(connection.ok, { say: (line) => log.info(urn, line), warn: (line) => log.warn(urn, line) }, resource);
  };
  /** A deadline from the resource's customTimeouts when the engine sends one, else from its inputs. */
  const deadlineOf = (engineSeconds: number, setting: string, inputs: Inputs): Deadline =>
    deadlineFor(engineSeconds > 0 ? { seconds: engineSeconds, setBy: setting } : lifecycle.timeLimit(inputs), running.signal);
  const checkType = (type: string) => {
    if (type !== pkg.type)
      throw new DescribedError("RESOURCE_REQUEST_UNSERVED", `${pkg.name} has no resource type ${type}; its resource is ${pkg.type}`);
  };

  const checkConfig: Handler<proto.CheckRequest, proto.CheckResponse> = unary(async (request) => {
    const response = new proto.CheckResponse().setInputs(request.getNews());
    try {
      connect(plainValues(request.getNews()), request.getUrn());
    } catch (error) {
      // The reason names the setting. Named as a property, the engine would print its value
      // beside it, and a URL or a password given where another setting belongs is a credential.
      response.setFailuresList([failure({ property: "", reason: (error as Error).message })]);
    }
    return response;
  });

  return {
    getPluginInfo: unary(async () => new PluginInfo().setVersion(pkg.version)),
    getSchema: unary(async (request: proto.GetSchemaRequest) => {
      if (request.getVersion() !== 0)
        throw new DescribedError("RESOURCE_REQUEST_UNSERVED", `${pkg.name} serves schema version 0, not ${request.getVersion()}`);
      return new proto.GetSchemaResponse().setSchema(pkg.schema);
    }),
    checkConfig,
    diffConfig: unary(async (request: proto.DiffRequest) => {
      const olds = plainValues(request.getOldInputs());
      const news = plainValues(request.getNews());
      const changed = Object.keys({ ...olds, ...news }).filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
      // Another URL is another server: what the provider holds there is not what it would hold.
      const replaces = changed.filter((key) => key === "url");
      return new proto.DiffResponse()
        .setChanges(changed.length > 0 ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE)
        .setDiffsList(changed)
        .setReplacesList(replaces);
    }),
    configure: unary(async (request: proto.ConfigureRequest) => {
      try {
        const configured = connect(plainValues(request.getArgs()), request.getUrn());
        connection = { ok: configured };
        for (const warning of configured.warnings) log.warn(request.getUrn() ?? "", warning);
      } catch (error) {
        // CheckConfig reported it against its key; each resource call fails with it too.
        connection = { error: error as Error };
      }
      return new proto.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false);
    }),
    check: unary(async (request: proto.CheckRequest) => {
      checkType(request.getType());
      const response = new proto.CheckResponse();
      if (connection !== undefined && "error" in connection) {
        return response.setInputs(request.getNews()).setFailuresList([failure({ property: "", reason: connection.error.message })]);
      }
      const checked = lifecycle.checkInputs(plainValues(request.getNews()) as Inputs);
      const problem =
        checked.failures.length === 0 && connection !== undefined
          ? (lifecycle.connectionProblem?.(connection.ok, checked.inputs) ??
            (await lifecycle.serverProblem?.(connection.ok, checked.inputs)))
          : undefined;
      const failures = problem ? [problem] : checked.failures;
      return response.setInputs(toStruct(checked.inputs as object)).setFailuresList(failures.map(failure));
    }),
    diff: unary(async (request: proto.DiffRequest) => {
      const olds = plainValues(request.getOlds()) as Outputs;
      const result = lifecycle.diff(olds, plainValues(request.getNews()) as Inputs);
      if (lifecycle.holds && result.replaces.length === 0) {
        try {
          lifecycle.holds(contextFor(request.getUrn(), olds), olds);
        } catch {
          // Unusable settings fail the resource's check, with the fix; a diff only has nothing to note.
        }
      }
      return new proto.DiffResponse()
        .setChanges(result.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(result.replaces)
        .setDeletebeforereplace(result.deleteBeforeReplace);
    }),
    create: unary(async (request: proto.CreateRequest) => {
      const inputs = plainValues(request.getProperties()) as Inputs;
      const ctx = contextFor(request.getUrn(), inputs);
      const created = await lifecycle.create(ctx, inputs, deadlineOf(request.getTimeout(), "customTimeouts.create", inputs));
      return new proto.CreateResponse().setId(created.id).setProperties(toStruct(created.outs as object));
    }),
    read: unary(async (request: proto.ReadRequest) => {
      const state = plainValues(request.getProperties());
      if (Object.keys(state).length === 0) {
        // An import: only the id is known.
        if (!lifecycle.adopt) throw notImportable(lifecycle.resource);
        const adopted = await lifecycle.adopt(contextFor(request.getUrn(), {} as Inputs), request.getId());
        return new proto.ReadResponse()
          .setId(adopted.id)
          .setProperties(toStruct(adopted.outs as object))
          .setInputs(toStruct(adopted.inputs as object));
      }
      const result = await lifecycle.read(contextFor(request.getUrn(), state as Outputs), request.getId(), state as Outputs);
      const response = new proto.ReadResponse().setId(result.id);
      if (result.props !== undefined)
        response
          .setProperties(toStruct(result.props as object))
          .setInputs(request.getInputs())
          .setRefreshBeforeUpdate(lifecycle.settling?.(result.props) ?? false);
      return response;
    }),
    update: unary(async (request: proto.UpdateRequest) => {
      const olds = plainValues(request.getOlds()) as Outputs;
      const news = plainValues(request.getNews()) as Inputs;
      const ctx = contextFor(request.getUrn(), olds);
      const outs = await lifecycle.update(ctx, olds, news, deadlineOf(request.getTimeout(), "customTimeouts.update", news));
      // An update cannot change the id: one that settled a pending resource has the engine read it next time.
      return new proto.UpdateResponse().setProperties(toStruct(outs as object)).setRefreshBeforeUpdate(lifecycle.settling?.(olds) ?? false);
    }),
    delete: unary(async (request: proto.DeleteRequest) => {
      const state = plainValues(request.getProperties()) as Outputs;
      await lifecycle.remove(contextFor(request.getUrn(), state), state);
      return new Empty();
    }),
    cancel: unary(async () => {
      // Waits end now; a download already started is handed back as not ready, with its task.
      running.abort();
      running = new AbortController();
      return new Empty();
    }),
  };
}

function failure(problem: CheckFailure): proto.CheckFailure {
  return new proto.CheckFailure().setProperty(problem.property).setReason(problem.reason);
}

/** A handler whose errors reach the engine as it reads them: one line, and a resource not ready with its state. */
function unary<Request, Response>(work: (request: Request) => Promise<Response>): Handler<Request, Response> {
  return (call, callback) => {
    work(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(grpcError(error)),
    );
  };
}

function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const message = error instanceof Error ? error.message : String(error);
  const metadata = new grpc.Metadata();
  if (error instanceof ResourceNotReadyError) {
    // The resource exists but is not ready: the engine keeps its id and state, and the next up updates it.
    // Its id is not its last: the engine reads it before the next update, which settles the id.
    const detail = new proto.ErrorResourceInitFailed()
      .setId(error.id)
      .setProperties(toStruct(error.properties))
      .setReasonsList(error.reasons)
      .setRefreshBeforeUpdate(true);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}
