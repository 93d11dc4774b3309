import { DescribedError, hasCode, SettingsError, TransportError, type TransportDetails, type TransportFailure } from "../basics/errors";

export type { TransportDetails, TransportFailure };

export const PLESK_API_ERROR = "PLESK_API_ERROR";
export const PLESK_TRANSPORT_ERROR = "PLESK_TRANSPORT_ERROR";
export const PLESK_SETTINGS_ERROR = "PLESK_SETTINGS_ERROR";
export const PLESK_APS_UNSUPPORTED = "PLESK_APS_UNSUPPORTED";
export const PLESK_EXTENSIONS_UNSUPPORTED = "PLESK_EXTENSIONS_UNSUPPORTED";

/** Where Plesk reported the error: for the whole packet, or for one operation in it. */
export type PleskErrorLevel = "system" | "operation";

/** Plesk answered, and the answer says the operation failed (`<status>error</status>`). */
export class PleskApiError extends DescribedError {
  constructor(
    readonly operation: string,
    readonly errcode: number,
    readonly errtext: string,
    readonly level: PleskErrorLevel,
    /** What to do about it, in the caller's settings, when the caller knows. */
    hint?: string,
  ) {
    super(PLESK_API_ERROR, `Plesk ${operation} failed with error ${errcode}: ${hint ? `${sentence(errtext)} ${hint}` : errtext}`);
    this.name = "PleskApiError";
  }
}

/**
 * Plesk's system errors for credentials it does not accept: wrong login or password, an
 * unknown authentication method, a wrong secret key (or one used from another address).
 */
export const CREDENTIALS_REFUSED = [1001, 1029, 11003] as const;

export function refusesCredentials(error: PleskApiError): boolean {
  return error.level === "system" && (CREDENTIALS_REFUSED as readonly number[]).includes(error.errcode);
}

/** Plesk's text as a sentence a hint can follow. */
function sentence(text: string): string {
  return text === "" || /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The server refused the `aps` operator at every packet version the client speaks. */
export class PleskApsUnsupportedError extends DescribedError {
  constructor(
    message: string,
    /** The last refusal, at the oldest version. */
    readonly refusal: PleskApiError,
  ) {
    super(PLESK_APS_UNSUPPORTED, message, { cause: refusal });
    this.name = "PleskApsUnsupportedError";
  }
}

/** The server refused the `extension` operator: a Plesk older than Onyx 17.0 (XML API 1.6.8.0). */
export class PleskExtensionsUnsupportedError extends DescribedError {
  constructor(
    /** The server in messages: `Plesk at https://…`. */
    where: string,
    /** `Plesk 12.5.30`, as the server reports it, when it does. */
    readonly pleskVersion: string | undefined,
    readonly refusal: PleskApiError,
  ) {
    super(
      PLESK_EXTENSIONS_UNSUPPORTED,
      `${where} does not offer the XML API extension operator (Plesk Onyx 17.0, XML API 1.6.8.0, and later): ` +
        `it refused an extension ${refusal.operation} packet with error ${refusal.errcode}: ${refusal.errtext}. ` +
        `${pleskVersion ? `The server reports ${pleskVersion}` : "The server did not say which Plesk version it runs"}; ` +
        "manage its extensions in its panel or with plesk bin extension, or upgrade Plesk. Nothing was changed on the server.",
      { cause: refusal },
    );
    this.name = "PleskExtensionsUnsupportedError";
  }
}

/** No usable answer came back: the network, TLS, HTTP or the answer's shape failed. */
export class PleskTransportError extends TransportError {
  constructor(operation: string, failure: TransportFailure, message: string, details: TransportDetails = {}) {
    super(PLESK_TRANSPORT_ERROR, "Plesk", operation, failure, message, details);
    this.name = "PleskTransportError";
  }
}

/** A connection setting is unusable; raised before anything is sent. */
export class PleskSettingsError extends SettingsError {
  constructor(field: string, message: string) {
    super(PLESK_SETTINGS_ERROR, "Plesk", field, message);
    this.name = "PleskSettingsError";
  }
}

export function isPleskApiError(error: unknown): error is PleskApiError {
  return hasCode(error, PLESK_API_ERROR);
}

export function isPleskTransportError(error: unknown): error is PleskTransportError {
  return hasCode(error, PLESK_TRANSPORT_ERROR);
}

export function isPleskSettingsError(error: unknown): error is PleskSettingsError {
  return hasCode(error, PLESK_SETTINGS_ERROR);
}
