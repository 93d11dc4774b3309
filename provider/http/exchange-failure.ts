import type { TransportFailure } from "../basics/errors";
import { CA_CERT_NOT_ISSUER, ISSUER_NOT_TRUSTED } from "./certificate-codes";

export type { TransportFailure };

export interface ExchangeFailure {
  readonly failure: TransportFailure;
  readonly message: string;
  /** The system or undici error code, such as ECONNRESET or UND_ERR_CONNECT_TIMEOUT. */
  readonly networkCode?: string;
}

/** Certificates that are trusted but wrong: trusting another CA would not help, so each names its fix. */
const INVALID_CERTIFICATE_FIXES: Readonly<Record<string, string>> = {
  ERR_TLS_CERT_ALTNAME_INVALID:
    "is not issued for the host name in the URL; use a host name the certificate names, or reissue the certificate for this one",
  CERT_HAS_EXPIRED: "has expired; renew it on the server (and check this machine's clock)",
  CERT_NOT_YET_VALID: "is not valid yet; check the clocks of this machine and of the server",
  CERT_SIGNATURE_FAILURE:
    "carries a signature that does not verify; the certificate is damaged or forged, or something intercepts the connection",
};
const CONNECT_CODES: readonly string[] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"];
const TIMEOUT_CODES: readonly string[] = ["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"];

export interface ExchangeContext {
  /** `https://host:port`, named in messages. */
  readonly origin: string;
  readonly responseTimeoutMs: number;
  /** Aborted when the whole exchange ran out of time. */
  readonly deadline: AbortSignal;
  /** How to trust a certificate, in the settings of the API at hand. */
  readonly trustHint: string;
}

/** Names what went wrong in an exchange that threw, from the error undici or the system gave. */
export function describeExchangeFailure(context: ExchangeContext, cause: unknown): ExchangeFailure {
  const code = networkCode(cause);
  const where = context.origin;
  const withCode = code === undefined ? {} : { networkCode: code };
  if (context.deadline.aborted) {
    return { failure: "timeout", message: `no complete answer from ${where} within ${context.responseTimeoutMs} ms`, ...withCode };
  }
  if (code !== undefined && ISSUER_NOT_TRUSTED.includes(code)) {
    return { failure: "tls", message: `the TLS certificate of ${where} is not trusted (${code}); ${context.trustHint}`, ...withCode };
  }
  if (code === CA_CERT_NOT_ISSUER) {
    const message =
      `the TLS certificate of ${where} does not verify against caCert: the CA given bears its issuer's name, but its key did ` +
      `not sign it (${code}). The server's CA was likely renewed under the same name; ` +
      `${context.trustHint}. If caCert is current, the certificate is forged or something intercepts the connection`;
    return { failure: "tls", message, ...withCode };
  }
  const detail = `${code ?? "error"}: ${(cause as Error)?.message ?? String(cause)}`;
  if (code !== undefined && code in INVALID_CERTIFICATE_FIXES) {
    return { failure: "tls", message: `the TLS certificate of ${where} ${INVALID_CERTIFICATE_FIXES[code]} (${detail})`, ...withCode };
  }
  if (code !== undefined && TIMEOUT_CODES.includes(code))
    return { failure: "timeout", message: `${where} did not answer in time (${detail})`, ...withCode };
  if (code !== undefined && CONNECT_CODES.includes(code))
    return { failure: "connect", message: `cannot connect to ${where} (${detail})`, ...withCode };
  return { failure: "network", message: `the exchange with ${where} failed (${detail})`, ...withCode };
}

/** The first `code` along the cause chain: undici wraps system errors. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as Error).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
