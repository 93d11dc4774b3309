import { identityDigest } from "../basics/identity-digest";
import { DEFAULT_LIMITS, type HttpLimits, type TlsSettings } from "../http/limits";
import { GetAppSettingsError } from "./errors";

export type GetAppAuth = { readonly kind: "device-auth"; readonly secret: string } | { readonly kind: "bearer"; readonly token: string };

/** Everything needed to talk to one GetApp server. Holds credentials: never log or serialize it. */
export interface GetAppEndpoint {
  /** `https://host:port`, the port always explicit. */
  readonly origin: string;
  /** `/api/v1` or `/api/v2`, after any prefix the user's URL had. */
  readonly apiPath: string;
  readonly auth: GetAppAuth;
  readonly tls: TlsSettings;
  readonly limits: HttpLimits;
  /** A digest of all of the above: what the process shares per server is keyed by it. */
  readonly identity: string;
}

export interface GetAppEndpointInput {
  readonly url: string;
  readonly auth: GetAppAuth;
  readonly tls?: TlsSettings;
  readonly limits?: Partial<HttpLimits>;
}

/**
 * GetApp has no status call for many deliveries, so each waiting delivery is one request; a
 * cloud service answers many at once, and deliveries that end together are told together.
 */
const GETAPP_LIMITS: HttpLimits = { ...DEFAULT_LIMITS, connections: 64 };

const DEFAULT_PORTS: Readonly<Record<string, string>> = { "https:": "443", "http:": "80" };

export function getappEndpoint(input: GetAppEndpointInput): GetAppEndpoint {
  const { origin, apiPath } = normaliseGetAppUrl(input.url);
  const secret = input.auth.kind === "device-auth" ? input.auth.secret : input.auth.token;
  if (!secret.trim()) throw new GetAppSettingsError(input.auth.kind === "device-auth" ? "deviceAuth" : "token", "is empty");
  const settings = { origin, apiPath, auth: input.auth, tls: input.tls ?? {}, limits: { ...GETAPP_LIMITS, ...input.limits } };
  return { ...settings, identity: identityDigest(settings) };
}

/** `https://getapp.example.com` → origin + `/api/v1`; a URL already ending in `/api/v1` or `/api/v2` keeps it. */
export function normaliseGetAppUrl(raw: string): { origin: string; apiPath: string } {
  const fix = "write it as https://host[:port][/prefix], for example https://getapp.example.com";
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Not echoed: a mistyped URL may hold a credential.
    throw new GetAppSettingsError("url", `is not a URL (the value is not shown: it may hold a credential); ${fix}`);
  }
  if (!(url.protocol in DEFAULT_PORTS)) throw new GetAppSettingsError("url", `must start with https:// (or http://); ${fix}`);
  if (url.username || url.password) throw new GetAppSettingsError("url", "must not hold credentials; set deviceAuth or token apart");
  if (url.search || url.hash) throw new GetAppSettingsError("url", `must not have a query or fragment; ${fix}`);
  const port = url.port || DEFAULT_PORTS[url.protocol];
  const prefix = url.pathname.replace(/\/+$/, "");
  const apiPath = /\/api\/v[12]$/.test(prefix) ? prefix : `${prefix}/api/v1`;
  return { origin: `${url.protocol}//${url.hostname}:${port}`, apiPath };
}
