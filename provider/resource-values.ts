import { DescribedError } from "./plesk/errors";
/** What the provider host sends for a value not known yet (during a preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const PROVIDER_KEY = "__provider";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** Output JSON the host can hand to protobuf: no undefined values, nothing but plain data. */
export function plainOutputs<T extends object>(outputs: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
}

/**
 * An error that tells the engine the resource exists but is not ready: the next `pulumi up`
 * updates it instead of creating it again. The host does not add `__provider` to these
 * properties itself, so it is copied from the inputs, or a later refresh could not load the
 * provider.
 */
export class ResourceNotReadyError extends DescribedError {
  readonly properties: Record<string, unknown>;

  constructor(
    message: string,
    readonly id: string,
    properties: Record<string, unknown>,
    inputs: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ResourceNotReadyError";
    this.properties = { ...plainOutputs(properties), [PROVIDER_KEY]: inputs[PROVIDER_KEY] };
  }
}
