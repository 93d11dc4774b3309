import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CertificateAuthority } from "./tls-certificate";

/** The credentials a restart keeps, so secrets already set in a stack keep working. */
export interface KeptCredentials {
  readonly login: string;
  readonly password: string;
  readonly deviceAuth: string;
  readonly token: string;
}

/** What an earlier start left in the state directory; each part absent until one did. */
export interface KeptState {
  readonly authority?: CertificateAuthority;
  readonly credentials?: KeptCredentials;
}

const FILES = { caCert: "ca.pem", caKey: "ca-key.pem", credentials: "credentials.json" } as const;

/** Where the CA's PEM lives in a state directory: the file to trust. */
export function keptCaCertPath(directory: string): string {
  return join(directory, FILES.caCert);
}

/** Reads what an earlier start kept; a directory not there yet keeps nothing. */
export function readKeptState(directory: string): KeptState {
  const path = (name: string) => join(directory, name);
  const caPresent = existsSync(path(FILES.caCert)) && existsSync(path(FILES.caKey));
  const authority = caPresent
    ? { caCert: readFileSync(path(FILES.caCert), "utf8"), caKey: readFileSync(path(FILES.caKey), "utf8") }
    : undefined;
  const credentials = existsSync(path(FILES.credentials)) ? readCredentials(path(FILES.credentials)) : undefined;
  return { ...(authority ? { authority } : {}), ...(credentials ? { credentials } : {}) };
}

/** Keeps the CA and the credentials for the next start; keys and secrets readable by the owner only. */
export function keepState(directory: string, authority: CertificateAuthority | undefined, credentials: KeptCredentials): void {
  mkdirSync(directory, { recursive: true });
  const secret = (name: string, text: string) => {
    writeFileSync(join(directory, name), text, { mode: 0o600 });
    chmodSync(join(directory, name), 0o600);
  };
  if (authority) {
    writeFileSync(keptCaCertPath(directory), authority.caCert);
    secret(FILES.caKey, authority.caKey);
  }
  secret(FILES.credentials, `${JSON.stringify(credentials, null, 2)}\n`);
}

function readCredentials(path: string): KeptCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new Error(`${path}: not JSON (${(cause as Error).message}); delete it to start with new credentials`, { cause });
  }
  const record = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const text = (field: keyof KeptCredentials) => {
    const value = record[field];
    if (typeof value !== "string" || value === "")
      throw new Error(`${path}: ${field} must be a non-empty string; delete the file to start with new credentials`);
    return value;
  };
  return { login: text("login"), password: text("password"), deviceAuth: text("deviceAuth"), token: text("token") };
}
