import type { TransportFailure } from "../http/exchange-failure";
import { DescribedError, hasCode } from "../plesk/errors";

/**
 * How a GetApp call fails. Checked by `code`, as for Plesk: serialized provider code gets its
 * own copies of these classes. None holds a request, a header or a setting, so no credential
 * can reach a message.
 */
export const GETAPP_API_ERROR = "GETAPP_API_ERROR";
export const GETAPP_TRANSPORT_ERROR = "GETAPP_TRANSPORT_ERROR";
export const GETAPP_SETTINGS_ERROR = "GETAPP_SETTINGS_ERROR";

/** GetApp answered with an HTTP error; `errorCode` is GetApp's (seed 004's enum) when it sent one. */
export class GetAppApiError extends DescribedError {
  readonly code = GETAPP_API_ERROR;

  constructor(
    readonly operation: string,
    readonly httpStatus: number,
    readonly errorCode: string | undefined,
    readonly apiMessage: string,
  ) {
    super(`GetApp ${operation} failed with HTTP ${httpStatus}${errorCode ? ` ${errorCode}` : ""}: ${apiMessage}`);
    this.name = "GetAppApiError";
  }
}

/** No usable answer: network, TLS, an unexpected HTTP status or an answer of the wrong shape. */
export class GetAppTransportError extends DescribedError {
  readonly code = GETAPP_TRANSPORT_ERROR;
  readonly networkCode?: string;
  readonly httpStatus?: number;

  constructor(
    readonly operation: string,
    readonly failure: TransportFailure,
    message: string,
    details: { cause?: unknown; networkCode?: string; httpStatus?: number } = {},
  ) {
    super(`GetApp ${operation} failed (${failure}): ${message}`, "cause" in details ? { cause: details.cause } : undefined);
    this.name = "GetAppTransportError";
    if (details.networkCode !== undefined) this.networkCode = details.networkCode;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
  }
}

/** A GetApp connection setting is unusable; raised before anything is sent. */
export class GetAppSettingsError extends DescribedError {
  readonly code = GETAPP_SETTINGS_ERROR;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`GetApp setting ${field}: ${message}`);
    this.name = "GetAppSettingsError";
  }
}

export function isGetAppApiError(error: unknown): error is GetAppApiError {
  return hasCode(error, GETAPP_API_ERROR);
}

export function isGetAppTransportError(error: unknown): error is GetAppTransportError {
  return hasCode(error, GETAPP_TRANSPORT_ERROR);
}

export function isGetAppSettingsError(error: unknown): error is GetAppSettingsError {
  return hasCode(error, GETAPP_SETTINGS_ERROR);
}
