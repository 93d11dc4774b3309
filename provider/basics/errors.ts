/**
 * Every error this package throws carries one of these codes. Programs and tests branch on
 * `code`, never on message text: provider code that Pulumi serializes gets its own copies of the
 * classes, so `instanceof` can fail where `code` cannot.
 *
 * One scheme: `AREA_WHAT`, where AREA is what failed (PLESK, GETAPP, CONFIG, PACKAGE, EXTENSION,
 * DELIVERY, RESOURCE). No error holds a request, its headers or the connection settings, so no
 * credential can reach a message, a log line or a serialized error.
 */
export const ERROR_CODES = {
  PLESK_API_ERROR: "Plesk answered, and the answer says the operation failed; `errcode` and `errtext` are Plesk's",
  PLESK_TRANSPORT_ERROR: "No usable answer from Plesk: network, TLS, HTTP status, size or shape of the answer",
  PLESK_SETTINGS_ERROR: "A Plesk connection setting is unusable; raised before anything is sent",
  PLESK_APS_UNSUPPORTED: "The Plesk server refused the XML API aps operator at every packet version the client speaks",
  PLESK_EXTENSIONS_UNSUPPORTED: "The Plesk server has no XML API extension operator: it is older than Plesk Onyx 17.0 (XML API 1.6.8.0)",
  GETAPP_API_ERROR: "GetApp answered with an HTTP error; `errorCode` is GetApp's when it sent one",
  GETAPP_TRANSPORT_ERROR: "No usable answer from GetApp or an artifact URL: network, TLS, HTTP status, size or shape",
  GETAPP_SETTINGS_ERROR: "A GetApp connection setting is unusable; raised before anything is sent",
  CONFIG_ERROR: "A provider setting is missing or unusable; the message names the config key, the variable and the fix",
  PACKAGE_DOWNLOAD_FAILED: "Plesk's download task ended in failure",
  PACKAGE_DOWNLOAD_LOST: "Plesk forgot the download task and no matching package is on the server",
  PACKAGE_TASK_MISMATCH:
    "A download task finished as another package than the one asked for (Plesk renumbered its tasks) and none matching is on the server",
  PACKAGE_NO_TIME:
    "A create ran out of time (downloadTimeoutSeconds, or customTimeouts) or was cancelled before the download could be followed",
  PACKAGE_WAIT_ENDED: "A wait on a download task ended at its deadline or a cancel; the task goes on in Plesk",
  PACKAGE_GONE: "The package in the state is no longer on the server",
  PACKAGE_CATALOG_GONE:
    "Plesk could not download from its default APS catalog: Plesk has removed the APS Catalog; use catalogUrl (a self-hosted catalog) or Extension",
  PACKAGE_STATE_INCOMPLETE: "The state holds neither a package id nor a download task",
  EXTENSION_INSTALL_FAILED: "Plesk refused or failed an extension install (an id its catalog does not have, a URL it cannot fetch)",
  EXTENSION_ID_MISMATCH: "An install produced an extension with another id than the one declared",
  EXTENSION_NOT_INSTALLED: "The extension named (by pulumi import, or by an install that ended) is not installed on the server",
  EXTENSION_WAIT_ENDED: "A wait on an extension install ended at its deadline or a cancel; the install goes on in Plesk",
  DELIVERY_EVICTED: "GetApp evicted the delivery while it was being prepared",
  DELIVERY_WAIT_ENDED: "A wait on a preparation ended at its deadline or a cancel; it goes on in GetApp",
  DELIVERY_ARTIFACT_UNCHECKED: "An artifact could not be downloaded to check its hash",
  DELIVERY_ARTIFACT_MISMATCH: "An artifact's bytes do not hash to what GetApp announced",
  DELIVERY_ARTIFACT_UNVERIFIABLE: "requireArtifactHashes is true and an artifact has no hash or no HTTP(S) location",
  RESOURCE_NOT_READY: "The resource exists but is not ready; the next pulumi up resumes waiting for it",
  RESOURCE_NOT_IMPORTABLE: "A read came with no state (pulumi import): declare the resource and run pulumi up instead",
  RESOURCE_ID_INVALID: "An id given to pulumi import is not one the resource could have; nothing was sent",
  RESOURCE_UNCONFIGURED: "A resource call came before the provider was configured",
  RESOURCE_REQUEST_UNSERVED: "The engine asked a native plugin for something it does not serve",
  RESOURCE_PLUGIN_INCOMPLETE: "A native plugin's installed files are incomplete",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Base of every error this package throws. Pulumi may serialize provider code by value, and
 * then `super(message)` runs as `Error.call(this, message)`, which sets nothing: the code,
 * message and cause are assigned here explicitly so they survive.
 */
export class DescribedError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.message = message;
    if (options && "cause" in options) this.cause = options.cause;
    // These are failures of the remote side or the settings, fully described by the message.
    // Pulumi's provider host prints `${error}: ${error.stack}` for a failed read or delete: a
    // stack trace there would bury the one line the user needs.
    this.stack = "";
  }
}

/** Whether `error` is one of ours with this `code`; works across serialized copies of the classes. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}

/** Why an HTTP exchange gave no usable answer. */
export type TransportFailure = "connect" | "tls" | "timeout" | "http-status" | "body-too-large" | "invalid-answer" | "network";

export interface TransportDetails {
  readonly cause?: unknown;
  /** The system or undici error code, such as ECONNRESET or UND_ERR_CONNECT_TIMEOUT. */
  readonly networkCode?: string;
  readonly httpStatus?: number;
}

/** No usable answer came back from `api`: the network, TLS, HTTP or the answer's shape failed. */
export class TransportError extends DescribedError {
  readonly networkCode?: string;
  readonly httpStatus?: number;

  constructor(
    code: ErrorCode,
    api: string,
    readonly operation: string,
    readonly failure: TransportFailure,
    message: string,
    details: TransportDetails = {},
  ) {
    super(code, `${api} ${operation} failed (${failure}): ${message}`, "cause" in details ? { cause: details.cause } : undefined);
    if (details.networkCode !== undefined) this.networkCode = details.networkCode;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
  }
}

/** A connection setting of `api` is unusable; raised before anything is sent. */
export class SettingsError extends DescribedError {
  constructor(
    code: ErrorCode,
    api: string,
    readonly field: string,
    message: string,
  ) {
    super(code, `${api} setting ${field}: ${message}`);
  }
}
