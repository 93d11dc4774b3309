"use strict";
/**
 * The two ways a Plesk call fails. Check them by `code`, not only `instanceof`: provider code
 * that Pulumi serializes gets its own copies of these classes.
 *
 * Neither error ever holds a request, its headers or the connection settings, so no credential
 * can reach a message, a log line or a serialized error.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.PleskSettingsError = exports.PLESK_SETTINGS_ERROR = exports.PleskTransportError = exports.PleskApiError = exports.PLESK_TRANSPORT_ERROR = exports.PLESK_API_ERROR = void 0;
exports.isPleskApiError = isPleskApiError;
exports.isPleskTransportError = isPleskTransportError;
exports.PLESK_API_ERROR = "PLESK_API_ERROR";
exports.PLESK_TRANSPORT_ERROR = "PLESK_TRANSPORT_ERROR";
/** Plesk answered, and the answer says the operation failed (`<status>error</status>`). */
class PleskApiError extends Error {
    operation;
    errcode;
    errtext;
    level;
    code = exports.PLESK_API_ERROR;
    constructor(operation, errcode, errtext, level) {
        super(`Plesk ${operation} failed with error ${errcode}: ${errtext}`);
        this.operation = operation;
        this.errcode = errcode;
        this.errtext = errtext;
        this.level = level;
        this.name = "PleskApiError";
    }
}
exports.PleskApiError = PleskApiError;
/** No usable answer came back: the network, TLS, HTTP or the answer's shape failed. */
class PleskTransportError extends Error {
    operation;
    failure;
    code = exports.PLESK_TRANSPORT_ERROR;
    networkCode;
    httpStatus;
    constructor(operation, failure, message, details = {}) {
        super(`Plesk ${operation} failed (${failure}): ${message}`, "cause" in details ? { cause: details.cause } : undefined);
        this.operation = operation;
        this.failure = failure;
        this.name = "PleskTransportError";
        if (details.networkCode !== undefined)
            this.networkCode = details.networkCode;
        if (details.httpStatus !== undefined)
            this.httpStatus = details.httpStatus;
    }
}
exports.PleskTransportError = PleskTransportError;
function isPleskApiError(error) {
    return hasCode(error, exports.PLESK_API_ERROR);
}
function isPleskTransportError(error) {
    return hasCode(error, exports.PLESK_TRANSPORT_ERROR);
}
function hasCode(error, code) {
    return typeof error === "object" && error !== null && error.code === code;
}
exports.PLESK_SETTINGS_ERROR = "PLESK_SETTINGS_ERROR";
/** A connection setting is unusable; raised before anything is sent. */
class PleskSettingsError extends Error {
    field;
    code = exports.PLESK_SETTINGS_ERROR;
    constructor(field, message) {
        super(`Plesk setting ${field}: ${message}`);
        this.field = field;
        this.name = "PleskSettingsError";
    }
}
exports.PleskSettingsError = PleskSettingsError;
//# sourceMappingURL=errors.js.map