import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { DescribedError } from "../basics/errors";
import { providerCore } from "../core/provider-core";
import type { ProviderPackage, Warned } from "../core/provider-package";
import type { Say } from "../resources/common/resource-lifecycle";
import { ResourceNotReadyError, type CheckFailure } from "../resources/common/resource-values";
import type { EngineLog } from "./engine-log";
import { providerConfig, settingSourceOf } from "./provider-config";
import { plainValues, toStruct } from "./wire-values";

/** What one plugin serves: its package (every resource of it), its version, and the schema it publishes. */
export interface PluginPackage<Connection extends Warned> {
  readonly package: ProviderPackage<Connection>;
  readonly version: string;
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
 * The ResourceProvider gRPC service over a package's provider core: the native plugin's front
 * door. It translates what Pulumi sends and reads: config arriving through Configure, lines for
 * each resource's row, deadlines from customTimeouts, and errors as the engine reads them.
 */
export function resourceService<Connection extends Warned>(plugin: PluginPackage<Connection>, log: EngineLog): ServedCalls {
  const { name } = plugin.package;
  const core = providerCore(plugin.package);
  // Ends the creates and updates in flight when the engine cancels; later calls get a fresh one.
  let running = new AbortController();

  /** `urn` is the provider's: an explicit provider's messages name its inputs, a default one's stack config. */
  const configOf = (inputs: Record<string, unknown>, urn: string | undefined) => providerConfig(name, inputs, settingSourceOf(urn));
  const sayFor = (urn: string): Say => ({ say: (line) => log.info(urn, line), warn: (line) => log.warn(urn, line) });
  const engineTime = (seconds: number, setBy: string) => ({ seconds, setBy });

  const checkConfig: Handler<proto.CheckRequest, proto.CheckResponse> = unary(async (request) => {
    const response = new proto.CheckResponse().setInputs(request.getNews());
    const problem = core.configProblem(configOf(plainValues(request.getNews()), request.getUrn()), process.env);
    // The reason names the setting. Named as a property, the engine would print its value
    // beside it, and a URL or a password given where another setting belongs is a credential.
    if (problem !== undefined) response.setFailuresList([failure({ property: "", reason: problem })]);
    return response;
  });

  return {
    getPluginInfo: unary(async () => new PluginInfo().setVersion(plugin.version)),
    getSchema: unary(async (request: proto.GetSchemaRequest) => {
      if (request.getVersion() !== 0)
        throw new DescribedError("RESOURCE_REQUEST_UNSERVED", `${name} serves schema version 0, not ${request.getVersion()}`);
      return new proto.GetSchemaResponse().setSchema(plugin.schema);
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
      // A failure is kept: CheckConfig reported it against its key; each resource call fails with it too.
      const warnings = core.configure(configOf(plainValues(request.getArgs()), request.getUrn()), process.env);
      for (const warning of warnings) log.warn(request.getUrn() ?? "", warning);
      return new proto.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false);
    }),
    check: unary(async (request: proto.CheckRequest) => {
      const { inputs, failures } = await core.check(request.getType(), plainValues(request.getNews()));
      return new proto.CheckResponse().setInputs(toStruct(inputs)).setFailuresList(failures.map(failure));
    }),
    diff: unary(async (request: proto.DiffRequest) => {
      const result = core.diff(request.getType(), plainValues(request.getOlds()), plainValues(request.getNews()), sayFor(request.getUrn()));
      return new proto.DiffResponse()
        .setChanges(result.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(result.replaces)
        .setDeletebeforereplace(result.deleteBeforeReplace);
    }),
    create: unary(async (request: proto.CreateRequest) => {
      const type = request.getType();
      const inputs = plainValues(request.getProperties());
      const timing = { engine: engineTime(request.getTimeout(), "customTimeouts.create"), cancelled: running.signal };
      const created = await core.create(type, inputs, sayFor(request.getUrn()), timing);
      return new proto.CreateResponse().setId(created.id).setProperties(toStruct(created.outs));
    }),
    read: unary(async (request: proto.ReadRequest) => {
      const type = request.getType();
      const state = plainValues(request.getProperties());
      if (Object.keys(state).length === 0) {
        // An import: only the id is known.
        const adopted = await core.adopt(type, request.getId(), sayFor(request.getUrn()));
        return new proto.ReadResponse().setId(adopted.id).setProperties(toStruct(adopted.outs)).setInputs(toStruct(adopted.inputs));
      }
      const result = await core.read(type, request.getId(), state, sayFor(request.getUrn()));
      const response = new proto.ReadResponse().setId(result.id);
      if (result.props !== undefined)
        response.setProperties(toStruct(result.props)).setInputs(request.getInputs()).setRefreshBeforeUpdate(result.settling);
      return response;
    }),
    update: unary(async (request: proto.UpdateRequest) => {
      const type = request.getType();
      const news = plainValues(request.getNews());
      const timing = { engine: engineTime(request.getTimeout(), "customTimeouts.update"), cancelled: running.signal };
      const { outs, settling } = await core.update(type, plainValues(request.getOlds()), news, sayFor(request.getUrn()), timing);
      return new proto.UpdateResponse().setProperties(toStruct(outs)).setRefreshBeforeUpdate(settling);
    }),
    delete: unary(async (request: proto.DeleteRequest) => {
      await core.delete(request.getType(), plainValues(request.getProperties()), sayFor(request.getUrn()));
      return new Empty();
    }),
    cancel: unary(async () => {
      // Waits end now; work already started is handed back as not ready, with what names it.
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
