import { createSecureContext } from "node:tls";
import { buildConnector } from "undici";

/**
 * What a failed handshake says when the certificate may chain to roots it was not offered: the
 * given CA did not sign it, so the system's roots get their turn.
 */
const ISSUER_NOT_TRUSTED = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
]);

export interface CaConnectorOptions {
  readonly caCert: string;
  readonly timeoutMs: number;
}

/**
 * Connects trusting the given CA and the roots Node trusts (its own, `NODE_EXTRA_CA_CERTS`, and
 * the system's store when Node is started with `--use-system-ca`). One secure context cannot hold
 * both cheaply: adding the CA to the roots means parsing all of them again, some 25 ms of
 * blocked event loop before the first packet of every command. So each handshake tries the CA
 * alone and, only when the certificate's issuer is not it, the roots.
 */
export function caConnector(options: CaConnectorOptions): buildConnector.connector {
  const timeout = options.timeoutMs;
  const withCa = buildConnector({ timeout, secureContext: createSecureContext({ ca: options.caCert }) });
  let withRoots: buildConnector.connector | undefined;
  return (target, callback) =>
    withCa(target, (...result) => {
      const [error] = result;
      if (error && ISSUER_NOT_TRUSTED.has(errorCode(error))) return (withRoots ??= buildConnector({ timeout }))(target, callback);
      callback(...result);
    });
}

function errorCode(error: Error): string {
  return "code" in error && typeof error.code === "string" ? error.code : "";
}
