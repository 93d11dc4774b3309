import { exchange, type Answer, type ApiDialect, type HttpEndpoint } from "../http/exchange";
import type { Resend } from "../http/retry-rules";
import type { GetAppAuth, GetAppEndpoint } from "./endpoint";
import { GetAppApiError, GetAppTransportError } from "./errors";
import { jsonBoundsProblem } from "./json-bounds";

export interface JsonExchange {
  /** The operation named in errors. */
  readonly operation: string;
  readonly method: "GET" | "POST" | "DELETE";
  /** Below the API path, e.g. `/delivery/prepareDelivery`. */
  readonly path: string;
  readonly body?: unknown;
  /** GetApp's cache routes carry no version: they exist under `/api/v1` only, whatever the URL names. */
  readonly v1Only?: boolean;
  readonly resend: Resend;
  readonly signal?: AbortSignal | undefined;
}

export const TRUST_HINT =
  "trust it by giving the CA's PEM (or the server's self-signed certificate) as getapp:caCert (GETAPP_CA_CERT); " +
  "getapp:insecureSkipVerify (GETAPP_INSECURE_SKIP_VERIFY=true) switches checks off, for test servers only";

/**
 * Sends one JSON request and returns the parsed answer; retries, deadlines and caps are the
 * shared exchange's. An HTTP error answer becomes a GetAppApiError with GetApp's code and message.
 */
export function exchangeJson(endpoint: GetAppEndpoint, request: JsonExchange): Promise<unknown> {
  const { operation, method, resend, signal, body } = request;
  const headers = {
    accept: "application/json",
    ...(body === undefined ? {} : { "content-type": "application/json" }),
    ...authHeaders(endpoint.auth),
  };
  return exchange(
    endpoint,
    {
      operation,
      method,
      path: (request.v1Only ? endpoint.apiPath.replace(/\/api\/v2$/, "/api/v1") : endpoint.apiPath) + request.path,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      resend,
      ...(signal ? { signal } : {}),
    },
    GETAPP_ANSWERS,
  );
}

const GETAPP_ANSWERS: ApiDialect<unknown> = {
  trustHint: TRUST_HINT,
  transportError: (operation, failure, message, details) => new GetAppTransportError(operation, failure, message, details),
  read: readJsonAnswer,
};

function readJsonAnswer({ statusCode, text }: Answer, operation: string, endpoint: HttpEndpoint): unknown {
  const tooMuch = jsonBoundsProblem(text, endpoint.limits);
  if (tooMuch) throw new GetAppTransportError(operation, "invalid-answer", `${tooMuch}; refused`);
  const json = parseJson(text);
  if (statusCode >= 200 && statusCode < 300) {
    if (text.trim() === "") return undefined; // 204, or an eviction answered with no body
    if (json === undefined)
      throw new GetAppTransportError(
        operation,
        "invalid-answer",
        `${endpoint.origin} answered HTTP ${statusCode} with something other than JSON`,
      );
    return json;
  }
  throw apiError(operation, statusCode, json, endpoint.origin);
}

/** GetApp's own errors carry `errorCode` and `message`; validation errors a list of messages. */
function apiError(operation: string, httpStatus: number, json: unknown, origin: string): GetAppApiError {
  const answer = typeof json === "object" && json !== null ? json : {};
  const errorCode = "errorCode" in answer && typeof answer.errorCode === "string" ? answer.errorCode : undefined;
  const given = "message" in answer ? answer.message : undefined;
  const message = Array.isArray(given) ? given.map(String).join("; ") : typeof given === "string" ? given : `${origin} gave no explanation`;
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
