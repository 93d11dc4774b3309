import { DescribedError } from "../../basics/errors";
import { withoutUndefined } from "../../basics/without-undefined";
/** What the provider host sends for a value not known yet (during a preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const PROVIDER_KEY = "__provider";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** What a create (or a resumed one) hands the engine. */
export interface Created<Outputs> {
  readonly id: string;
  readonly outs: Outputs;
}

/** What a read hands the engine: an empty id when the resource is gone. */
export interface ReadResult<Outputs> {
  readonly id: string;
  readonly props?: Outputs;
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** What `configure()` leaves on a provider object in the host; never present where it is serialized. */
export interface ProviderState<Connection> {
  connection?: { readonly ok: Connection } | { readonly error: Error };
}

/** A read with no state (`pulumi import`): there is nothing to read the resource back from. */
export function notImportable(resource: string): DescribedError {
  return new DescribedError(
    "RESOURCE_NOT_IMPORTABLE",
    `${resource} cannot be imported by id; declare it in the program and run pulumi up, which takes over what the server already has instead of fetching it again`,
  );
}

/**
 * Unusable connection settings as a failure of the whole resource (no property), which the
 * engine prints as one line: "TYPE resource 'NAME' has a problem: REASON". Thrown instead, the
 * error would reach the user with the provider host's stack trace.
 */
export function settingsFailure(connection: ProviderState<unknown>["connection"]): CheckFailure | undefined {
  return connection !== undefined && "error" in connection ? { property: "", reason: connection.error.message } : undefined;
}

/**
 * Pulumi's host sends a failed create's properties in an HTTP/2 trailer, which Node caps at
 * 64 KB; a larger one never reaches the engine and the resource would be forgotten. An
 * installed provider serializes to a few KB; one serialized by value from source can exceed it.
 */
const MAX_PROVIDER_IN_ERROR = 40 * 1024;

/**
 * Stands in for a provider too large to travel in an error. It serves what the engine may ask
 * of a resource whose download has not finished before the next `pulumi up` resumes it with the
 * program's own provider: a refresh keeps it as it is, a delete has nothing to retire.
 */
export const PENDING_RESOURCE_PROVIDER = `exports.handler = function () {
  var resume = function () { throw new Error("this resource is not ready yet: run pulumi up to resume waiting for it"); };
  return {
    check: async function (olds, news) { return { inputs: news }; },
    diff: async function () { return { changes: true }; },
    read: async function (id, props) { return { id: id, props: props }; },
    create: resume,
    update: resume,
    delete: async function () {},
  };
};
`;

/**
 * An error that tells the engine the resource exists but is not ready: the next `pulumi up`
 * updates it instead of creating it again. The host does not add `__provider` to these
 * properties itself, so it is copied from the inputs, or a later refresh could not load the
 * provider.
 */
export class ResourceNotReadyError extends DescribedError {
  readonly properties: Record<string, unknown>;
  /** What the engine shows and keeps as the resource's init errors: without them it says only "resource init failed". */
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    properties: Record<string, unknown>,
    inputs: Record<string, unknown>,
  ) {
    super("RESOURCE_NOT_READY", message);
    this.name = "ResourceNotReadyError";
    this.reasons = [message];
    const provider = inputs[PROVIDER_KEY];
    const fits = typeof provider === "string" && provider.length <= MAX_PROVIDER_IN_ERROR;
    this.properties = { ...withoutUndefined(properties), [PROVIDER_KEY]: fits ? provider : PENDING_RESOURCE_PROVIDER };
  }
}
