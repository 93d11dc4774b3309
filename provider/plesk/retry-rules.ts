import type { PleskLimits } from "./endpoint";

/**
 * When a packet may be sent again. Every Plesk packet is a POST, so undici's method-based
 * retry handler cannot tell a status poll from a download; these rules decide by what the
 * packet does and by how far the failed attempt got.
 */
export const RETRY_RULES = {
  /** The packet cannot have reached Plesk: resending is safe for any packet. */
  notSentErrorCodes: ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"],
  /** Plesk may have acted on the packet: resend only packets that change nothing. */
  maybeSentErrorCodes: ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"],
  /** Proxy or overload answers, also "maybe sent". */
  maybeSentHttpStatuses: [502, 503, 504],
} as const;

/** How safe a packet is to send twice. */
export type Resend = "safe" | "never";

export function isRetryable(resend: Resend, errorCode: string | undefined, httpStatus: number | undefined): boolean {
  if (errorCode !== undefined && (RETRY_RULES.notSentErrorCodes as readonly string[]).includes(errorCode)) return true;
  if (resend === "never") return false;
  if (errorCode !== undefined) return (RETRY_RULES.maybeSentErrorCodes as readonly string[]).includes(errorCode);
  return httpStatus !== undefined && (RETRY_RULES.maybeSentHttpStatuses as readonly number[]).includes(httpStatus);
}

/** Full jitter: a random wait up to the doubled step, so many clients do not retry in step. */
export function backoffDelayMs(limits: PleskLimits, failedAttempts: number): number {
  const ceiling = Math.min(limits.retryMaxDelayMs, limits.retryBaseDelayMs * 2 ** (failedAttempts - 1));
  return Math.random() * ceiling;
}
