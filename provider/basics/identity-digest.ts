import { createHash } from "node:crypto";

/**
 * A digest of everything that makes a connection what it is (URL, credentials, trust, limits),
 * so that what a process shares per connection is keyed by the whole of it while the key holds
 * no secret. Keys are sorted first: two equal settings give one digest however they were built.
 */
export function identityDigest(parts: object): string {
  return createHash("sha256").update(canonicalJson(parts)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const fields = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
