import { Agent, Pool } from "undici";
import { caConnector } from "./ca-connector";
import type { HttpEndpoint } from "./exchange";
import type { HttpLimits, TlsSettings } from "./limits";

/**
 * Keep-alive connections for the whole process, one pool per connection identity (URL,
 * credentials, trust, limits): two server entries on one URL never share a socket. They live
 * on `globalThis` because the provider's modules may be serialized by value: a module-level map
 * would be a fresh copy in every serialized function.
 */
const POOLS = "__pulumiPleskApsPools";
type PoolRegistry = Map<string, Pool | Agent>;

function registry(): PoolRegistry {
  const holder = globalThis as { [POOLS]?: PoolRegistry };
  return (holder[POOLS] ??= new Map());
}

/** The CA's connector when one is given; the roots Node trusts otherwise, or no checks at all. */
function connectOptions(tls: TlsSettings, limits: HttpLimits) {
  const timeoutMs = limits.connectTimeoutMs;
  if (tls.insecureSkipVerify === true) return { timeout: timeoutMs, rejectUnauthorized: false };
  return tls.caCert ? caConnector({ caCert: tls.caCert, timeoutMs }) : { timeout: timeoutMs };
}

function remembered<T extends Pool | Agent>(key: string, make: () => T): T {
  const pools = registry();
  let pool = pools.get(key) as T | undefined;
  if (!pool) {
    pool = make();
    pools.set(key, pool);
  }
  return pool;
}

/** The pool of one API connection. */
export function poolFor(endpoint: HttpEndpoint): Pool {
  const { origin, tls, limits } = endpoint;
  return remembered(
    `pool:${endpoint.identity}`,
    () =>
      new Pool(origin, {
        connections: limits.connections,
        keepAliveTimeout: 30_000,
        headersTimeout: limits.responseTimeoutMs,
        bodyTimeout: limits.responseTimeoutMs,
        connect: connectOptions(tls, limits),
      }),
  );
}

/** An agent for URLs on any origin (artifact downloads) with the API connection's trust, kept per connection. */
export function agentFor(endpoint: Pick<HttpEndpoint, "identity" | "tls" | "limits">): Agent {
  const { tls, limits } = endpoint;
  return remembered(
    `agent:${endpoint.identity}`,
    () =>
      new Agent({
        connections: 8,
        keepAliveTimeout: 30_000,
        headersTimeout: limits.responseTimeoutMs,
        // Between two chunks of a body, not for the whole body: artifacts may take long to stream.
        bodyTimeout: limits.responseTimeoutMs,
        connect: connectOptions(tls, limits),
      }),
  );
}

/** Closes every pool of this process: for tests, CLIs and shutdown. */
export async function closeAllConnections(): Promise<void> {
  const pools = registry();
  const closing = [...pools.values()].map((pool) => pool.close());
  pools.clear();
  await Promise.all(closing);
}
