import { setTimeout as delay } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { describeExchangeFailure } from "../http/exchange-failure";
import { poolFor } from "../http/pools";
import { readAnswerText } from "../http/answer-text";
import { backoffDelayMs, isRetryable, type Resend } from "../http/retry-rules";
import type { PleskAuth, PleskEndpoint } from "./endpoint";
import { PleskTransportError } from "./errors";

export interface PostOptions {
  /** The operation named in errors. */
  readonly operation: string;
  readonly resend: Resend;
  readonly signal?: AbortSignal;
}

/**
 * Posts one packet and returns the answer's text. Retries what `RETRY_RULES` allow, with backoff
 * and jitter; every other failure becomes a PleskTransportError naming the operation.
 */
export async function postPacket(endpoint: PleskEndpoint, packet: string, options: PostOptions): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(endpoint, packet, options);
    } catch (error) {
      const failure = error as PleskTransportError;
      const canRetry =
        attempt < endpoint.limits.maxAttempts &&
        !options.signal?.aborted &&
        isRetryable(options.resend, failure.networkCode, failure.httpStatus);
      if (!canRetry) throw error;
      await delay(backoffDelayMs(endpoint.limits, attempt), undefined, { signal: options.signal });
    }
  }
}

async function postOnce(endpoint: PleskEndpoint, packet: string, options: PostOptions): Promise<string> {
  const { operation } = options;
  const deadline = AbortSignal.timeout(endpoint.limits.responseTimeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let response: Dispatcher.ResponseData;
  try {
    response = await dispatcherFor(endpoint).request({
      path: endpoint.path,
      method: "POST",
      headers: { "content-type": "text/xml", ...authHeaders(endpoint.auth) },
      body: packet,
      signal,
    });
  } catch (cause) {
    throw exchangeError(endpoint, operation, cause, deadline);
  }

  const { statusCode, headers, body } = response;
  if (statusCode !== 200) {
    await body.dump();
    const message = `${endpoint.origin} answered HTTP ${statusCode}; Plesk answers 200 even for errors, so a proxy or another service is in the way`;
    throw new PleskTransportError(operation, "http-status", message, { httpStatus: statusCode });
  }
  const contentType = String(headers["content-type"] ?? "");
  if (!/\bxml\b/i.test(contentType)) {
    await body.dump();
    throw new PleskTransportError(operation, "invalid-answer", `${endpoint.origin} answered with content type "${contentType}" instead of XML; check that the URL is the Plesk panel (port 8443 by default)`);
  }
  try {
    return await readAnswerText(response, endpoint.limits.maxAnswerBytes, {
      tooLarge: (message) => new PleskTransportError(operation, "body-too-large", message),
      notText: (message) => new PleskTransportError(operation, "invalid-answer", message),
    });
  } catch (cause) {
    if (cause instanceof PleskTransportError) throw cause;
    throw exchangeError(endpoint, operation, cause, deadline);
  }
}

function authHeaders(auth: PleskAuth): Record<string, string> {
  return auth.kind === "secret-key"
    ? { KEY: auth.secretKey }
    : { HTTP_AUTH_LOGIN: auth.login, HTTP_AUTH_PASSWD: auth.password };
}

function exchangeError(endpoint: PleskEndpoint, operation: string, cause: unknown, deadline: AbortSignal): PleskTransportError {
  const { failure, message, networkCode } = describeExchangeFailure(
    { origin: endpoint.origin, responseTimeoutMs: endpoint.limits.responseTimeoutMs, deadline, trustHint: TRUST_HINT },
    cause,
  );
  return new PleskTransportError(operation, failure, message, { cause, ...(networkCode === undefined ? {} : { networkCode }) });
}

const TRUST_HINT =
  "trust it by giving the CA's PEM (or the server's self-signed certificate) as caCert (PLESK_CA_CERT); " +
  "insecureSkipVerify (PLESK_INSECURE_SKIP_VERIFY=true) switches checks off, for test servers only";

function dispatcherFor(endpoint: PleskEndpoint) {
  return poolFor(endpoint.origin, endpoint.tls, endpoint.limits);
}
