/**
 * Handshake failures that say no CA offered vouches for the certificate's issuer: trusting the
 * right CA is the fix, and another set of CAs may succeed. An array, not a Set: serialized by
 * value, a module-level Set becomes a plain object (docs/development.md).
 */
export const ISSUER_NOT_TRUSTED: readonly string[] = [
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
];

/** Ours: the given caCert bears the issuer's name but not its key, and no root vouches either. */
export const CA_CERT_NOT_ISSUER = "CA_CERT_NOT_ISSUER";
