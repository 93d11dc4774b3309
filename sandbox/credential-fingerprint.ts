import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** A short, non-secret name of a secret: what the request log shows of one. */
export function credentialFingerprint(secret: string): string {
  return `#${createHash("sha256").update(secret).digest("hex").slice(0, 8)}`;
}

/**
 * Which credential a request presented, as the request log shows it: `login admin #1a2b3c4d`
 * (the fingerprint is the password's), `key #…`, `device-auth #…`, `bearer #…`, or `none`.
 */
export function presentedCredential(headers: IncomingHttpHeaders): string {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const key = header("key");
  if (key !== undefined) return `key ${credentialFingerprint(key)}`;
  const login = header("http_auth_login");
  if (login !== undefined) return `login ${login} ${credentialFingerprint(header("http_auth_passwd") ?? "")}`;
  const deviceAuth = header("device-auth");
  if (deviceAuth !== undefined) return `device-auth ${credentialFingerprint(deviceAuth)}`;
  const bearer = /^Bearer (.+)$/i.exec(header("authorization") ?? "")?.[1];
  if (bearer !== undefined) return `bearer ${credentialFingerprint(bearer)}`;
  return "none";
}
