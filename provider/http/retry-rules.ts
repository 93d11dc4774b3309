import type { HttpLimits } from "./limits";

/**
 * When a request may be sent again. Every Plesk packet is a POST, so undici's method-based
 * retry handler cannot tell a status poll from a download; these rules decide by what the
 * request does (its `Resend`) and by how far the failed attempt got.
 */
export const RETRY_RULES = {
  /** The request cannot have reached the server: resending is safe for any request. */
  notSentErrorCodes: ["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"],
  /** The server may have acted on the request: resend only requests that change nothing. */
  maybeSentErrorCodes: ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"],
  /** Proxy or overload answers, also "maybe sent". */
  maybeSentHttpStatuses: [502, 503, 504],
} as const;

/** How safe a request is to send twice. */
export type Resend = "safe" | "never";

export function isRetryable(resend: Resend, errorCode: string | undefined, httpStatus: number | undefined): boolean {
  if (errorCode !== undefined && (RETRY_RULES.notSentErrorCodes as readonly string[]).includes(errorCode)) return true;
  if (resend === "never") return false;
  if (errorCode !== undefined) return (RETRY_RULES.maybeSentErrorCodes as readonly string[]).includes(errorCode);
  return httpStatus !== undefined && (RETRY_RULES.maybeSentHttpStatuses as readonly number[]).includes(httpStatus);
}

/** Full jitter: a random wait up to the doubled step, so many clients do not retry in step. */
export function backoffDelayMs(limits: HttpLimits, failedAttempts: number): number {
  const ceiling = Math.min(limits.retryMaxDelayMs, limits.retryBaseDelayMs * 2 ** (failedAttempts - 1));
  return Math.random() * ceiling;
}
