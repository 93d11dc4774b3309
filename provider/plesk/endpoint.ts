import { identityDigest } from "../basics/identity-digest";
import { DEFAULT_LIMITS, type HttpLimits, type TlsSettings } from "../http/limits";
import { PleskSettingsError } from "./errors";

export const AGENT_PATH = "/enterprise/control/agent.php";
const DEFAULT_PORTS: Readonly<Record<string, string>> = { "https:": "8443", "http:": "8880" };

export type PleskAuth =
  | { readonly kind: "login"; readonly login: string; readonly password: string }
  | { readonly kind: "secret-key"; readonly secretKey: string };

export type PleskTls = TlsSettings;
export type PleskLimits = HttpLimits;
export { DEFAULT_LIMITS };

/** Everything needed to talk to one Plesk server. Holds credentials: never log or serialize it. */
export interface PleskEndpoint {
  /** `https://host:port`, the port always explicit. */
  readonly origin: string;
  /** How the user's settings name this server (`server web1`); absent for the default connection. */
  readonly name?: string;
  /** The agent path, after any prefix the user's URL had. */
  readonly path: string;
  readonly auth: PleskAuth;
  readonly tls: PleskTls;
  readonly limits: PleskLimits;
  /** How to trust the server's certificate, in the caller's own settings; a general hint when absent. */
  readonly trustHint?: string;
  /** Which settings to fix when the server refuses the credentials, in the caller's own words. */
  readonly credentialsHint?: string;
  /** A digest of all of the above: what the process shares per server is keyed by it. */
  readonly identity: string;
}

export interface PleskEndpointInput {
  readonly url: string;
  readonly name?: string;
  readonly auth: PleskAuth;
  readonly tls?: PleskTls;
  readonly limits?: Partial<PleskLimits>;
  readonly trustHint?: string;
  readonly credentialsHint?: string;
}

export function pleskEndpoint(input: PleskEndpointInput): PleskEndpoint {
  const { origin, path } = normalisePleskUrl(input.url);
  checkAuth(input.auth);
  const { name, trustHint, credentialsHint } = input;
  const settings = {
    origin,
    ...(name === undefined ? {} : { name }),
    path,
    auth: input.auth,
    tls: input.tls ?? {},
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    ...(trustHint === undefined ? {} : { trustHint }),
    ...(credentialsHint === undefined ? {} : { credentialsHint }),
  };
  return { ...settings, identity: identityDigest(settings) };
}

/**
 * `https://host` becomes `https://host:8443` + the agent path; a path the user gave is kept as a
 * prefix (a reverse proxy), and a URL that already ends in the agent path is left alone.
 */
export function normalisePleskUrl(raw: string): { origin: string; path: string } {
  const fix = "write it as https://host[:port], for example https://plesk.example.com:8443";
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Not echoed: a mistyped URL may hold a password (`https://admin:secret`, no host after it).
    throw new PleskSettingsError("url", `is not a URL (the value is not shown: it may hold a credential); ${fix}`);
  }
  if (!(url.protocol in DEFAULT_PORTS)) {
    throw new PleskSettingsError("url", `must start with https:// (or http://); ${fix}`);
  }
  if (url.username || url.password) {
    throw new PleskSettingsError("url", "must not hold credentials; set the login and password (or secret key) apart");
  }
  if (url.search || url.hash) {
    throw new PleskSettingsError("url", `must not have a query or fragment; ${fix}`);
  }
  // WHATWG URL drops a port equal to the scheme's default (https://h:443 → ""), so read the
  // authority as written to tell "no port" from an explicit 443.
  const authority = raw
    .trim()
    .replace(/^[a-z]+:\/\//i, "")
    .split(/[/?#]/)[0];
  const explicitPort = /:(\d+)$/.exec(authority)?.[1];
  const port = explicitPort ?? DEFAULT_PORTS[url.protocol];
  const prefix = url.pathname.replace(/\/+$/, "");
  const path = prefix.endsWith(AGENT_PATH) ? prefix : prefix + AGENT_PATH;
  return { origin: `${url.protocol}//${url.hostname}:${Number(port)}`, path };
}

function checkAuth(auth: PleskAuth): void {
  if (auth.kind === "secret-key") {
    if (!auth.secretKey.trim()) throw new PleskSettingsError("secretKey", "is empty");
    return;
  }
  if (!auth.login.trim()) throw new PleskSettingsError("login", "is empty");
  if (!auth.password) throw new PleskSettingsError("password", "is empty");
}
