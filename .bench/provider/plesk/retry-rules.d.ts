import type { PleskLimits } from "./endpoint";
/**
 * When a packet may be sent again. Every Plesk packet is a POST, so undici's method-based
 * retry handler cannot tell a status poll from a download; these rules decide by what the
 * packet does and by how far the failed attempt got.
 */
export declare const RETRY_RULES: {
    /** The packet cannot have reached Plesk: resending is safe for any packet. */
    readonly notSentErrorCodes: readonly ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"];
    /** Plesk may have acted on the packet: resend only packets that change nothing. */
    readonly maybeSentErrorCodes: readonly ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"];
    /** Proxy or overload answers, also "maybe sent". */
    readonly maybeSentHttpStatuses: readonly [502, 503, 504];
};
/** How safe a packet is to send twice. */
export type Resend = "safe" | "never";
export declare function isRetryable(resend: Resend, errorCode: string | undefined, httpStatus: number | undefined): boolean;
/** Full jitter: a random wait up to the doubled step, so many clients do not retry in step. */
export declare function backoffDelayMs(limits: PleskLimits, failedAttempts: number): number;
