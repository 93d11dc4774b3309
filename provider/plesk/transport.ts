import { exchange, type ApiDialect } from "../http/exchange";
import type { Resend } from "../http/retry-rules";
import type { PleskAuth, PleskEndpoint } from "./endpoint";
import { PleskTransportError } from "./errors";

export interface PostOptions {
  /** The operation named in errors. */
  readonly operation: string;
  readonly resend: Resend;
  readonly signal?: AbortSignal;
  /** Longer than the endpoint's limit, for a packet Plesk answers only when its work is done. */
  readonly responseTimeoutMs?: number;
}

/** Posts one packet and returns the answer's text; retries, deadlines and caps are the shared exchange's. */
export function postPacket(endpoint: PleskEndpoint, packet: string, options: PostOptions): Promise<string> {
  const { operation, resend, signal, responseTimeoutMs } = options;
  const headers = { "content-type": "text/xml", ...authHeaders(endpoint.auth) };
  return exchange(
    endpoint,
    {
      operation,
      method: "POST",
      path: endpoint.path,
      headers,
      body: packet,
      resend,
      ...(signal ? { signal } : {}),
      ...(responseTimeoutMs === undefined ? {} : { responseTimeoutMs }),
    },
    endpoint.trustHint === undefined ? PLESK_ANSWERS : { ...PLESK_ANSWERS, trustHint: endpoint.trustHint },
  );
}

const PLESK_ANSWERS: ApiDialect<string> = {
  trustHint:
    "trust it by giving the CA's PEM (or the server's self-signed certificate) as caCert (PLESK_CA_CERT); " +
    "insecureSkipVerify (PLESK_INSECURE_SKIP_VERIFY=true) switches checks off, for test servers only",
  transportError: (operation, failure, message, details) => new PleskTransportError(operation, failure, message, details),
  refuse({ statusCode, headers }, origin) {
    if (statusCode !== 200) {
      const message = `${origin} answered HTTP ${statusCode}; Plesk answers 200 even for errors, so a proxy or another service is in the way`;
      return { failure: "http-status", message, httpStatus: statusCode };
    }
    const contentType = String(headers["content-type"] ?? "");
    if (!/\bxml\b/i.test(contentType)) {
      return {
        failure: "invalid-answer",
        message: `${origin} answered with content type "${contentType}" instead of XML; check that the URL is the Plesk panel (port 8443 by default)`,
      };
    }
    return undefined;
  },
  read: (answer) => answer.text,
};

function authHeaders(auth: PleskAuth): Record<string, string> {
  return auth.kind === "secret-key" ? { KEY: auth.secretKey } : { HTTP_AUTH_LOGIN: auth.login, HTTP_AUTH_PASSWD: auth.password };
}
