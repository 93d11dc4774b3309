import { isPleskApiError, type PleskApiError } from "./errors";

/**
 * The packet versions the client speaks, newest first. Plesk's reference documents the `<aps>`
 * operator for XML API 1.6.0.1 to 1.6.2.0 (Plesk 9.0.1 to Onyx 17.5); newer servers may refuse
 * it at 1.6.9.1, so a server that does is asked again at 1.6.2.0.
 */
export const PACKET_VERSIONS = ["1.6.9.1", "1.6.2.0"] as const;
export type PacketVersion = (typeof PACKET_VERSIONS)[number];

/** What the docs say of the operator, for the message of a server that offers it at no version. */
export const APS_OPERATOR_DOCUMENTED = "documented for Plesk 9.0.1 to Onyx 17.5, XML API 1.6.0.1 to 1.6.2.0";

/**
 * Whether Plesk refused the whole packet for its version, before carrying anything out: a system
 * error (which replaces the whole answer) 1005 (version not supported), 1017 (not supported by
 * this API version), or 1014 (the packet fails the version's schema) naming `aps`. Only such a
 * refusal lets a packet be sent again, `download-package` included.
 */
export function refusedForItsVersion(error: unknown): error is PleskApiError {
  if (!isPleskApiError(error) || error.level !== "system") return false;
  return error.errcode === 1005 || error.errcode === 1017 || (error.errcode === 1014 && /\baps\b/.test(error.errtext));
}
