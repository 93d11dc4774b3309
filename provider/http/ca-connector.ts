import { createSecureContext } from "node:tls";
import { buildConnector } from "undici";
import { CA_CERT_NOT_ISSUER, ISSUER_NOT_TRUSTED } from "./certificate-codes";

/** The CA offered bears the issuer's name but its key did not sign: another CA of that name may have. */
const SIGNED_BY_ANOTHER_KEY = "CERT_SIGNATURE_FAILURE";

/**
 * Neither the given CA nor the roots vouch for the certificate, and the given CA bears its
 * issuer's name: most likely the CA given is an older one, renewed since under the same name.
 */
class CaCertNotIssuerError extends Error {
  readonly code = CA_CERT_NOT_ISSUER;

  constructor(cause: Error) {
    const message = "the given CA bears the issuer's name, but its key did not sign the certificate";
    super(message, { cause });
    // Serialized by value, `super` sets nothing (see DescribedError): assigned here so they survive.
    this.message = message;
    this.cause = cause;
    this.name = "CaCertNotIssuerError";
  }
}

export interface CaConnectorOptions {
  readonly caCert: string;
  readonly timeoutMs: number;
}

/**
 * Connects trusting the given CA and the roots Node trusts (its own, `NODE_EXTRA_CA_CERTS`, and
 * the system's store when Node is started with `--use-system-ca`). One secure context cannot hold
 * both cheaply: adding the CA to the roots means parsing all of them again, some 25 ms of
 * blocked event loop before the first packet of every command. So each handshake tries the CA
 * alone and, only when the certificate's issuer is not it (by name, or by key), the roots.
 */
export function caConnector(options: CaConnectorOptions): buildConnector.connector {
  const timeout = options.timeoutMs;
  const withCa = buildConnector({ timeout, secureContext: createSecureContext({ ca: options.caCert }) });
  let withRoots: buildConnector.connector | undefined;
  return (target, callback) =>
    withCa(target, (...result) => {
      const [error] = result;
      const code = error ? errorCode(error) : "";
      if (!error || !(ISSUER_NOT_TRUSTED.includes(code) || code === SIGNED_BY_ANOTHER_KEY)) return callback(...result);
      (withRoots ??= buildConnector({ timeout }))(target, (...fallback) => {
        const [rootsError] = fallback;
        if (code === SIGNED_BY_ANOTHER_KEY && rootsError && ISSUER_NOT_TRUSTED.includes(errorCode(rootsError))) {
          return callback(new CaCertNotIssuerError(error), null);
        }
        callback(...fallback);
      });
    });
}

function errorCode(error: Error): string {
  return "code" in error && typeof error.code === "string" ? error.code : "";
}
