/**
 * The two ways a Plesk call fails. Check them by `code`, not only `instanceof`: provider code
 * that Pulumi serializes gets its own copies of these classes.
 *
 * Neither error ever holds a request, its headers or the connection settings, so no credential
 * can reach a message, a log line or a serialized error.
 */
export declare const PLESK_API_ERROR = "PLESK_API_ERROR";
export declare const PLESK_TRANSPORT_ERROR = "PLESK_TRANSPORT_ERROR";
/** Where Plesk reported the error: for the whole packet, or for one operation in it. */
export type PleskErrorLevel = "system" | "operation";
/** Plesk answered, and the answer says the operation failed (`<status>error</status>`). */
export declare class PleskApiError extends Error {
    readonly operation: string;
    readonly errcode: number;
    readonly errtext: string;
    readonly level: PleskErrorLevel;
    readonly code = "PLESK_API_ERROR";
    constructor(operation: string, errcode: number, errtext: string, level: PleskErrorLevel);
}
export type TransportFailure = "connect" | "tls" | "timeout" | "http-status" | "body-too-large" | "invalid-answer" | "network";
export interface TransportDetails {
    readonly cause?: unknown;
    /** The system or undici error code, such as ECONNRESET or UND_ERR_CONNECT_TIMEOUT. */
    readonly networkCode?: string;
    readonly httpStatus?: number;
}
/** No usable answer came back: the network, TLS, HTTP or the answer's shape failed. */
export declare class PleskTransportError extends Error {
    readonly operation: string;
    readonly failure: TransportFailure;
    readonly code = "PLESK_TRANSPORT_ERROR";
    readonly networkCode?: string;
    readonly httpStatus?: number;
    constructor(operation: string, failure: TransportFailure, message: string, details?: TransportDetails);
}
export declare function isPleskApiError(error: unknown): error is PleskApiError;
export declare function isPleskTransportError(error: unknown): error is PleskTransportError;
export declare const PLESK_SETTINGS_ERROR = "PLESK_SETTINGS_ERROR";
/** A connection setting is unusable; raised before anything is sent. */
export declare class PleskSettingsError extends Error {
    readonly field: string;
    readonly code = "PLESK_SETTINGS_ERROR";
    constructor(field: string, message: string);
}
