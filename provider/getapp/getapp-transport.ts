import { setTimeout as delay } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { describeExchangeFailure } from "../http/exchange-failure";
import { poolFor } from "../http/pools";
import { readAnswerText } from "../http/answer-text";
import { jsonBoundsProblem } from "./json-bounds";
import { backoffDelayMs, isRetryable, type Resend } from "../http/retry-rules";
import type { GetAppAuth, GetAppEndpoint } from "./getapp-endpoint";
import { GetAppApiError, GetAppTransportError } from "./getapp-errors";

export interface JsonExchange {
  /** The operation named in errors. */
  readonly operation: string;
  readonly method: "GET" | "POST" | "DELETE";
  /** Below the API path, e.g. `/delivery/prepareDelivery`. */
  readonly path: string;
  readonly body?: unknown;
  readonly resend: Resend;
  readonly signal?: AbortSignal;
}

export const TRUST_HINT =
  "trust it by giving the CA's PEM (or the server's self-signed certificate) as getapp:caCert (GETAPP_CA_CERT); " +
  "getapp:insecureSkipVerify (GETAPP_INSECURE_SKIP_VERIFY=true) switches checks off, for test servers only";

/**
 * Sends one JSON request and returns the parsed answer. Retries what the retry rules allow;
 * an HTTP error answer becomes a GetAppApiError with GetApp's code and message.
 */
export async function exchangeJson(endpoint: GetAppEndpoint, exchange: JsonExchange): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(endpoint, exchange);
    } catch (error) {
      const failure = error as GetAppTransportError | GetAppApiError;
      const networkCode = "networkCode" in failure ? failure.networkCode : undefined;
      const canRetry = attempt < endpoint.limits.maxAttempts && !exchange.signal?.aborted && isRetryable(exchange.resend, networkCode, failure.httpStatus);
      if (!canRetry) throw error;
      await delay(backoffDelayMs(endpoint.limits, attempt), undefined, { signal: exchange.signal });
    }
  }
}

async function exchangeOnce(endpoint: GetAppEndpoint, exchange: JsonExchange): Promise<unknown> {
  const { operation } = exchange;
  const deadline = AbortSignal.timeout(endpoint.limits.responseTimeoutMs);
  const signal = exchange.signal ? AbortSignal.any([exchange.signal, deadline]) : deadline;
  const limit = endpoint.limits.maxAnswerBytes;
  const failed = (cause: unknown) => {
    const { failure, message, networkCode } = describeExchangeFailure(
      { origin: endpoint.origin, responseTimeoutMs: endpoint.limits.responseTimeoutMs, deadline, trustHint: TRUST_HINT },
      cause,
    );
    return new GetAppTransportError(operation, failure, message, { cause, ...(networkCode === undefined ? {} : { networkCode }) });
  };

  let response: Dispatcher.ResponseData;
  try {
    response = await poolFor(endpoint.origin, endpoint.tls, endpoint.limits).request({
      path: endpoint.apiPath + exchange.path,
      method: exchange.method,
      headers: {
        accept: "application/json",
        ...(exchange.body === undefined ? {} : { "content-type": "application/json" }),
        ...authHeaders(endpoint.auth),
      },
      ...(exchange.body === undefined ? {} : { body: JSON.stringify(exchange.body) }),
      signal,
    });
  } catch (cause) {
    throw failed(cause);
  }

  const { statusCode } = response;
  let text: string;
  try {
    text = await readAnswerText(response, limit, {
      tooLarge: (message) => new GetAppTransportError(operation, "body-too-large", message),
      notText: (message) => new GetAppTransportError(operation, "invalid-answer", message),
    });
  } catch (cause) {
    if (cause instanceof GetAppTransportError) throw cause;
    throw failed(cause);
  }
  const tooMuch = jsonBoundsProblem(text, endpoint.limits);
  if (tooMuch) throw new GetAppTransportError(operation, "invalid-answer", `${tooMuch}; refused`);
  const json = parseJson(text);
  if (statusCode >= 200 && statusCode < 300) {
    if (text.trim() === "") return undefined; // 204, or an eviction answered with no body
    if (json === undefined) throw new GetAppTransportError(operation, "invalid-answer", `${endpoint.origin} answered HTTP ${statusCode} with something other than JSON`);
    return json;
  }
  throw apiError(operation, statusCode, json, endpoint.origin);
}

/** GetApp's own errors carry `errorCode` and `message`; validation errors a list of messages. */
function apiError(operation: string, httpStatus: number, json: unknown, origin: string): GetAppApiError {
  const answer = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  const errorCode = typeof answer.errorCode === "string" ? answer.errorCode : undefined;
  const message = Array.isArray(answer.message)
    ? answer.message.map(String).join("; ")
    : typeof answer.message === "string"
      ? answer.message
      : `${origin} gave no explanation`;
  const hint = httpStatus === 401 || httpStatus === 403 ? " (check getapp:deviceAuth or getapp:token)" : "";
  return new GetAppApiError(operation, httpStatus, errorCode, message + hint);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function authHeaders(auth: GetAppAuth): Record<string, string> {
  return auth.kind === "device-auth" ? { "Device-Auth": auth.secret } : { Authorization: `Bearer ${auth.token}` };
}
