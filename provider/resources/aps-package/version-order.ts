/**
 * How APS versions are ordered. Plesk does not publish how it picks "the highest" version; this
 * is our rule (the sandbox holds to it with an implementation of its own, sandbox/version-rank.ts):
 *
 * - compare `version` first, then `release`;
 * - split on `.`, `-`, `_` and where digits meet letters (`1.4.5-2` → 1, 4, 5, 2; `2rc1` → 2, rc, 1);
 * - numeric parts compare as integers, leading zeros ignored (`6.10` > `6.9`, `05` = `5`);
 * - text parts compare lexically, case-insensitively first;
 * - part by part, a text part < a missing part < a numeric part. So `5.0-beta` < `5.0` < `5.0.1`:
 *   a trailing word marks a pre-release, a trailing number a later release.
 */

export interface VersionedPackage {
  readonly version?: string;
  readonly release?: string;
}

type Part = { readonly kind: "number"; readonly digits: string } | { readonly kind: "text"; readonly text: string };

export function compareVersions(a: string | undefined, b: string | undefined): number {
  const left = splitVersion(a ?? "");
  const right = splitVersion(b ?? "");
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const order = comparePart(left[i], right[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** Orders packages by version, then release. */
export function comparePackageVersions(a: VersionedPackage, b: VersionedPackage): number {
  return compareVersions(a.version, b.version) || compareVersions(a.release, b.release);
}

/** The highest of `candidates` by version, then release; undefined for none. */
export function highestVersion<T extends VersionedPackage>(candidates: readonly T[]): T | undefined {
  return candidates.reduce<T | undefined>(
    (best, candidate) => (best === undefined || comparePackageVersions(candidate, best) > 0 ? candidate : best),
    undefined,
  );
}

function splitVersion(version: string): Part[] {
  return (version.match(/\d+|[^\d._-]+/g) ?? []).map((token) =>
    /^\d/.test(token) ? { kind: "number", digits: token.replace(/^0+(?=\d)/, "") } : { kind: "text", text: token },
  );
}

const RANK = { text: 0, missing: 1, number: 2 } as const;

function comparePart(a: Part | undefined, b: Part | undefined): number {
  const rankA = RANK[a?.kind ?? "missing"];
  const rankB = RANK[b?.kind ?? "missing"];
  if (rankA !== rankB) return Math.sign(rankA - rankB);
  if (a?.kind === "number" && b?.kind === "number") {
    // Compared as digit strings: no precision limit, and no leading zeros left to mislead.
    return Math.sign(a.digits.length - b.digits.length) || compareText(a.digits, b.digits);
  }
  if (a?.kind === "text" && b?.kind === "text") {
    return compareText(a.text.toLowerCase(), b.text.toLowerCase()) || compareText(a.text, b.text);
  }
  return 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
