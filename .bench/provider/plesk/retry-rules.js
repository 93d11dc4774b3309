"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RETRY_RULES = void 0;
exports.isRetryable = isRetryable;
exports.backoffDelayMs = backoffDelayMs;
/**
 * When a packet may be sent again. Every Plesk packet is a POST, so undici's method-based
 * retry handler cannot tell a status poll from a download; these rules decide by what the
 * packet does and by how far the failed attempt got.
 */
exports.RETRY_RULES = {
    /** The packet cannot have reached Plesk: resending is safe for any packet. */
    notSentErrorCodes: ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"],
    /** Plesk may have acted on the packet: resend only packets that change nothing. */
    maybeSentErrorCodes: ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"],
    /** Proxy or overload answers, also "maybe sent". */
    maybeSentHttpStatuses: [502, 503, 504],
};
function isRetryable(resend, errorCode, httpStatus) {
    if (errorCode !== undefined && exports.RETRY_RULES.notSentErrorCodes.includes(errorCode))
        return true;
    if (resend === "never")
        return false;
    if (errorCode !== undefined)
        return exports.RETRY_RULES.maybeSentErrorCodes.includes(errorCode);
    return httpStatus !== undefined && exports.RETRY_RULES.maybeSentHttpStatuses.includes(httpStatus);
}
/** Full jitter: a random wait up to the doubled step, so many clients do not retry in step. */
function backoffDelayMs(limits, failedAttempts) {
    const ceiling = Math.min(limits.retryMaxDelayMs, limits.retryBaseDelayMs * 2 ** (failedAttempts - 1));
    return Math.random() * ceiling;
}
//# sourceMappingURL=retry-rules.js.map