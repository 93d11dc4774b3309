import { DescribedError } from "../../basics/errors";
import { withoutUndefined } from "../../basics/without-undefined";
/** What the provider host sends for a value not known yet (during a preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

/** A read with no state (`pulumi import`): there is nothing to read the resource back from. */
export function notImportable(resource: string): DescribedError {
  return new DescribedError(
    "RESOURCE_NOT_IMPORTABLE",
    `${resource} cannot be imported by id; declare it in the program and run pulumi up, which takes over what the server already has instead of fetching it again`,
  );
}

/**
 * An error that tells the engine the resource exists but is not ready: the next `pulumi up`
 * updates it instead of creating it again.
 */
export class ResourceNotReadyError extends DescribedError {
  readonly properties: Record<string, unknown>;
  /** What the engine shows and keeps as the resource's init errors: without them it says only "resource init failed". */
  readonly reasons: string[];

  constructor(
    message: string,
    readonly id: string,
    properties: Record<string, unknown>,
  ) {
    super("RESOURCE_NOT_READY", message);
    this.name = "ResourceNotReadyError";
    this.reasons = [message];
    this.properties = withoutUndefined(properties);
  }
}
