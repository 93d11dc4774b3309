import type { TransportFailure } from "../http/exchange-failure";

/**
 * The two ways a Plesk call fails. Check them by `code`, not only `instanceof`: provider code
 * that Pulumi serializes gets its own copies of these classes.
 *
 * Neither error ever holds a request, its headers or the connection settings, so no credential
 * can reach a message, a log line or a serialized error.
 */

/**
 * Base of every error this package throws. Pulumi may serialize provider code by value, and
 * then `super(message)` runs as `Error.call(this, message)`, which sets nothing: the message and
 * cause are assigned here explicitly so they survive.
 */
export class DescribedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.message = message;
    if (options && "cause" in options) this.cause = options.cause;
    // These are failures of the remote side or the settings, fully described by the message.
    // Pulumi's provider host prints `${error}: ${error.stack}` for a failed read or delete: a
    // stack trace there would bury the one line the user needs.
    this.stack = "";
  }
}

export const PLESK_API_ERROR = "PLESK_API_ERROR";
export const PLESK_TRANSPORT_ERROR = "PLESK_TRANSPORT_ERROR";

/** Where Plesk reported the error: for the whole packet, or for one operation in it. */
export type PleskErrorLevel = "system" | "operation";

/** Plesk answered, and the answer says the operation failed (`<status>error</status>`). */
export class PleskApiError extends DescribedError {
  readonly code = PLESK_API_ERROR;

  constructor(
    readonly operation: string,
    readonly errcode: number,
    readonly errtext: string,
    readonly level: PleskErrorLevel,
  ) {
    super(`Plesk ${operation} failed with error ${errcode}: ${errtext}`);
    this.name = "PleskApiError";
  }
}

export type { TransportFailure };

export interface TransportDetails {
  readonly cause?: unknown;
  /** The system or undici error code, such as ECONNRESET or UND_ERR_CONNECT_TIMEOUT. */
  readonly networkCode?: string;
  readonly httpStatus?: number;
}

/** No usable answer came back: the network, TLS, HTTP or the answer's shape failed. */
export class PleskTransportError extends DescribedError {
  readonly code = PLESK_TRANSPORT_ERROR;
  readonly networkCode?: string;
  readonly httpStatus?: number;

  constructor(
    readonly operation: string,
    readonly failure: TransportFailure,
    message: string,
    details: TransportDetails = {},
  ) {
    super(`Plesk ${operation} failed (${failure}): ${message}`, "cause" in details ? { cause: details.cause } : undefined);
    this.name = "PleskTransportError";
    if (details.networkCode !== undefined) this.networkCode = details.networkCode;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
  }
}

export function isPleskApiError(error: unknown): error is PleskApiError {
  return hasCode(error, PLESK_API_ERROR);
}

export function isPleskTransportError(error: unknown): error is PleskTransportError {
  return hasCode(error, PLESK_TRANSPORT_ERROR);
}

/** Whether `error` is one of ours with this `code`; works across serialized copies of the classes. */
export function hasCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

export const PLESK_SETTINGS_ERROR = "PLESK_SETTINGS_ERROR";

/** A connection setting is unusable; raised before anything is sent. */
export class PleskSettingsError extends DescribedError {
  readonly code = PLESK_SETTINGS_ERROR;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`Plesk setting ${field}: ${message}`);
    this.name = "PleskSettingsError";
  }
}

export function isPleskSettingsError(error: unknown): error is PleskSettingsError {
  return hasCode(error, PLESK_SETTINGS_ERROR);
}
