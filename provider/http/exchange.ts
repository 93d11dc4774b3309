import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { Dispatcher } from "undici";
import type { TransportDetails, TransportError, TransportFailure } from "../basics/errors";
import { readAnswerText } from "./answer-text";
import { describeExchangeFailure } from "./exchange-failure";
import type { HttpLimits, TlsSettings } from "./limits";
import { poolFor } from "./pools";
import { backoffDelayMs, isRetryable, type Resend } from "./retry-rules";

/** Where requests go: one API origin with its trust and limits. */
export interface HttpEndpoint {
  /** `https://host:port`, named in messages. */
  readonly origin: string;
  /** How the user's settings name this server (`server web1`), said in messages beside the origin. */
  readonly name?: string;
  readonly tls: TlsSettings;
  readonly limits: HttpLimits;
  /**
   * A digest of the whole connection (URL, credentials, trust, limits): requests of two
   * connections that differ in any of them never share a pooled connection.
   */
  readonly identity: string;
}

export interface HttpRequest {
  /** The operation named in errors. */
  readonly operation: string;
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly resend: Resend;
  readonly signal?: AbortSignal;
  /** For a request the server answers only when its work is done (an extension install): longer than the endpoint's limit. */
  readonly responseTimeoutMs?: number;
}

export interface AnswerHead {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
}

export interface Answer extends AnswerHead {
  readonly text: string;
}

export interface Refusal {
  readonly failure: TransportFailure;
  readonly message: string;
  readonly httpStatus?: number;
}

/** What one API adds to the exchange: how its answers are read and how its failures are named. */
export interface ApiDialect<T> {
  /** How to trust a certificate, in the settings of this API. */
  readonly trustHint: string;
  transportError(operation: string, failure: TransportFailure, message: string, details?: TransportDetails): TransportError;
  /** Refuses an answer by its status and headers alone, before its body is read. */
  refuse?(head: AnswerHead, origin: string): Refusal | undefined;
  /** The answer's meaning; throws the API's own errors. */
  read(answer: Answer, operation: string, endpoint: HttpEndpoint): T;
}

/**
 * Sends one request and reads its answer the way `dialect` says. Retries what the retry rules
 * allow, with backoff and jitter; every deadline, cap and failure is the same for both APIs.
 */
export async function exchange<T>(endpoint: HttpEndpoint, request: HttpRequest, dialect: ApiDialect<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(endpoint, request, dialect);
    } catch (error) {
      const { networkCode, httpStatus } = retryFacts(error);
      const canRetry =
        attempt < endpoint.limits.maxAttempts && !request.signal?.aborted && isRetryable(request.resend, networkCode, httpStatus);
      if (!canRetry) throw error;
      await delay(backoffDelayMs(endpoint.limits, attempt), undefined, { signal: request.signal });
    }
  }
}

async function exchangeOnce<T>(endpoint: HttpEndpoint, request: HttpRequest, dialect: ApiDialect<T>): Promise<T> {
  const { operation } = request;
  const responseTimeoutMs = request.responseTimeoutMs ?? endpoint.limits.responseTimeoutMs;
  const deadline = AbortSignal.timeout(responseTimeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  const failed = (cause: unknown): TransportError => {
    const context = {
      origin: whereOf(endpoint),
      responseTimeoutMs,
      deadline,
      trustHint: dialect.trustHint,
    };
    const { failure, message, networkCode } = describeExchangeFailure(context, cause);
    return dialect.transportError(operation, failure, message, { cause, ...(networkCode === undefined ? {} : { networkCode }) });
  };

  let response: Dispatcher.ResponseData;
  try {
    response = await poolFor(endpoint).request({
      path: request.path,
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.responseTimeoutMs === undefined ? {} : { headersTimeout: responseTimeoutMs, bodyTimeout: responseTimeoutMs }),
      signal,
    });
  } catch (cause) {
    throw failed(cause);
  }

  const { statusCode, headers } = response;
  const refusal = dialect.refuse?.({ statusCode, headers }, whereOf(endpoint));
  if (refusal) {
    await response.body.dump();
    const { failure, message, httpStatus } = refusal;
    throw dialect.transportError(operation, failure, message, httpStatus === undefined ? {} : { httpStatus });
  }
  let text: string;
  try {
    text = await readAnswerText(response, endpoint.limits.maxAnswerBytes, {
      tooLarge: (message) => dialect.transportError(operation, "body-too-large", message),
      notText: (message) => dialect.transportError(operation, "invalid-answer", message),
    });
  } catch (cause) {
    if (isTransportError(cause)) throw cause;
    throw failed(cause);
  }
  return dialect.read({ statusCode, headers, text }, operation, endpoint);
}

function isTransportError(error: unknown): error is TransportError {
  return typeof error === "object" && error !== null && "failure" in error && "operation" in error;
}

/** What the retry rules look at, from a transport error or an API error alike. */
function retryFacts(error: unknown): { networkCode?: string; httpStatus?: number } {
  if (typeof error !== "object" || error === null) return {};
  const networkCode = "networkCode" in error && typeof error.networkCode === "string" ? error.networkCode : undefined;
  const httpStatus = "httpStatus" in error && typeof error.httpStatus === "number" ? error.httpStatus : undefined;
  return { ...(networkCode === undefined ? {} : { networkCode }), ...(httpStatus === undefined ? {} : { httpStatus }) };
}

/** The server as messages name it: `server web1 at https://web1.example.com:8443`, or its origin alone. */
function whereOf(endpoint: HttpEndpoint): string {
  return endpoint.name === undefined ? endpoint.origin : `${endpoint.name} at ${endpoint.origin}`;
}
