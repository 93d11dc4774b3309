import { pleskClient, type PleskClient } from "../../provider/plesk/client";
import { pleskEndpoint, type PleskAuth, type PleskLimits, type PleskTls } from "../../provider/plesk/endpoint";
import type { Sandbox } from "../../sandbox";

/** Fast retries so failure tests stay quick; the rules are the production ones. */
export const TEST_LIMITS: Partial<PleskLimits> = {
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 20,
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 10_000,
};

export function loginAuth(sandbox: Sandbox): PleskAuth {
  return { kind: "login", login: sandbox.credentials.login, password: sandbox.credentials.password };
}

/** A client of the sandbox over HTTPS, trusting its CA. */
export function sandboxClient(
  sandbox: Sandbox,
  overrides: { auth?: PleskAuth; tls?: PleskTls; limits?: Partial<PleskLimits> } = {},
): PleskClient {
  return pleskClient(
    pleskEndpoint({
      url: sandbox.url,
      auth: overrides.auth ?? loginAuth(sandbox),
      tls: overrides.tls ?? (sandbox.caCert ? { caCert: sandbox.caCert } : {}),
      limits: { ...TEST_LIMITS, ...overrides.limits },
    }),
  );
}

export function clientOf(url: string, limits: Partial<PleskLimits> = {}, password = "test-password-9f2c"): PleskClient {
  return pleskClient(pleskEndpoint({ url, auth: { kind: "login", login: "admin", password }, limits: { ...TEST_LIMITS, ...limits } }));
}
