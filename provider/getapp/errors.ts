import { DescribedError, hasCode, SettingsError, TransportError, type TransportDetails, type TransportFailure } from "../basics/errors";

export const GETAPP_API_ERROR = "GETAPP_API_ERROR";
export const GETAPP_TRANSPORT_ERROR = "GETAPP_TRANSPORT_ERROR";
export const GETAPP_SETTINGS_ERROR = "GETAPP_SETTINGS_ERROR";

/** GetApp answered with an HTTP error; `errorCode` is GetApp's own (its error enum) when it sent one. */
export class GetAppApiError extends DescribedError {
  constructor(
    readonly operation: string,
    readonly httpStatus: number,
    readonly errorCode: string | undefined,
    readonly apiMessage: string,
  ) {
    super(GETAPP_API_ERROR, `GetApp ${operation} failed with HTTP ${httpStatus}${errorCode ? ` ${errorCode}` : ""}: ${apiMessage}`);
    this.name = "GetAppApiError";
  }
}

/** No usable answer: network, TLS, an unexpected HTTP status or an answer of the wrong shape. */
export class GetAppTransportError extends TransportError {
  constructor(operation: string, failure: TransportFailure, message: string, details: TransportDetails = {}) {
    super(GETAPP_TRANSPORT_ERROR, "GetApp", operation, failure, message, details);
    this.name = "GetAppTransportError";
  }
}

/** A GetApp connection setting is unusable; raised before anything is sent. */
export class GetAppSettingsError extends SettingsError {
  constructor(field: string, message: string) {
    super(GETAPP_SETTINGS_ERROR, "GetApp", field, message);
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
