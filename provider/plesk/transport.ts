import { rootCertificates } from "node:tls";
import { setTimeout as delay } from "node:timers/promises";
import { Pool, type Dispatcher } from "undici";
import type { PleskAuth, PleskEndpoint } from "./endpoint";
import { PleskTransportError } from "./errors";
import { backoffDelayMs, isRetryable, type Resend } from "./retry-rules";

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
  const limit = endpoint.limits.maxAnswerBytes;
  if (Number(headers["content-length"]) > limit) {
    body.destroy();
    throw new PleskTransportError(operation, "body-too-large", `the answer announces ${headers["content-length"]} bytes, more than the ${limit}-byte limit`);
  }
  try {
    return await readCapped(body, limit, operation);
  } catch (cause) {
    if (cause instanceof PleskTransportError) throw cause;
    throw exchangeError(endpoint, operation, cause, deadline);
  }
}

async function readCapped(body: Dispatcher.ResponseData["body"], limit: number, operation: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new PleskTransportError(operation, "body-too-large", `the answer is larger than the ${limit}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

function authHeaders(auth: PleskAuth): Record<string, string> {
  return auth.kind === "secret-key"
    ? { KEY: auth.secretKey }
    : { HTTP_AUTH_LOGIN: auth.login, HTTP_AUTH_PASSWD: auth.password };
}

const TLS_CODES: readonly string[] = [
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_SIGNATURE_FAILURE",
];
const CONNECT_CODES: readonly string[] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"];
const TIMEOUT_CODES: readonly string[] = ["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"];

function exchangeError(endpoint: PleskEndpoint, operation: string, cause: unknown, deadline: AbortSignal): PleskTransportError {
  const code = networkCode(cause);
  const where = endpoint.origin;
  const details = { cause, networkCode: code };
  if (deadline.aborted) {
    return new PleskTransportError(operation, "timeout", `no complete answer from ${where} within ${endpoint.limits.responseTimeoutMs} ms`, details);
  }
  if (code !== undefined && TLS_CODES.includes(code)) {
    const trust =
      "trust it by giving the CA's PEM (or the server's self-signed certificate) as caCert (PLESK_CA_CERT); " +
      "insecureSkipVerify (PLESK_INSECURE_SKIP_VERIFY=true) switches checks off, for test servers only";
    return new PleskTransportError(operation, "tls", `the TLS certificate of ${where} is not trusted (${code}); ${trust}`, details);
  }
  const detail = `${code ?? "error"}: ${(cause as Error)?.message ?? String(cause)}`;
  if (code !== undefined && TIMEOUT_CODES.includes(code)) {
    return new PleskTransportError(operation, "timeout", `${where} did not answer in time (${detail})`, details);
  }
  if (code !== undefined && CONNECT_CODES.includes(code)) {
    return new PleskTransportError(operation, "connect", `cannot connect to ${where} (${detail})`, details);
  }
  return new PleskTransportError(operation, "network", `the exchange with ${where} failed (${detail})`, details);
}

/** The first `code` along the cause chain: undici wraps system errors. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as Error).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * One keep-alive pool per endpoint for the whole process. It lives on `globalThis` because the
 * provider's module may be serialized by value: a module-level map would be a fresh copy in
 * every serialized function.
 */
const POOLS = "__pulumiPleskApsPools";
type PoolRegistry = Map<string, Pool>;

function registry(): PoolRegistry {
  const holder = globalThis as { [POOLS]?: PoolRegistry };
  return (holder[POOLS] ??= new Map());
}

function dispatcherFor(endpoint: PleskEndpoint): Pool {
  const { caCert, insecureSkipVerify } = endpoint.tls;
  const key = JSON.stringify([endpoint.origin, caCert ?? "", insecureSkipVerify === true, endpoint.limits.connectTimeoutMs]);
  const pools = registry();
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool(endpoint.origin, {
      connections: 16,
      keepAliveTimeout: 30_000,
      headersTimeout: endpoint.limits.responseTimeoutMs,
      bodyTimeout: endpoint.limits.responseTimeoutMs,
      connect: {
        timeout: endpoint.limits.connectTimeoutMs,
        rejectUnauthorized: insecureSkipVerify !== true,
        ...(caCert ? { ca: [...rootCertificates, caCert] } : {}),
      },
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool of this process: for tests, CLIs and shutdown. */
export async function closeAllConnections(): Promise<void> {
  const pools = registry();
  const closing = [...pools.values()].map((pool) => pool.close());
  pools.clear();
  await Promise.all(closing);
}
