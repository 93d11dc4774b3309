"use strict";
/**
 * How APS versions are ordered. Plesk does not publish how it picks "the highest" version; this
 * is our rule, used by the provider and the sandbox alike:
 *
 * - compare `version` first, then `release`;
 * - split on `.`, `-`, `_` and where digits meet letters (`1.4.5-2` → 1, 4, 5, 2; `2rc1` → 2, rc, 1);
 * - numeric parts compare as integers, leading zeros ignored (`6.10` > `6.9`, `05` = `5`);
 * - text parts compare lexically, case-insensitively first;
 * - part by part, a text part < a missing part < a numeric part. So `5.0-beta` < `5.0` < `5.0.1`:
 *   a trailing word marks a pre-release, a trailing number a later release.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.compareVersions = compareVersions;
exports.comparePackageVersions = comparePackageVersions;
exports.highestVersion = highestVersion;
function compareVersions(a, b) {
    const left = splitVersion(a ?? "");
    const right = splitVersion(b ?? "");
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
        const order = comparePart(left[i], right[i]);
        if (order !== 0)
            return order;
    }
    return 0;
}
/** Orders packages by version, then release. */
function comparePackageVersions(a, b) {
    return compareVersions(a.version, b.version) || compareVersions(a.release, b.release);
}
/** The highest of `candidates` by version, then release; undefined for none. */
function highestVersion(candidates) {
    return candidates.reduce((best, candidate) => (best === undefined || comparePackageVersions(candidate, best) > 0 ? candidate : best), undefined);
}
function splitVersion(version) {
    return (version.match(/\d+|[^\d._-]+/g) ?? []).map((token) => /^\d/.test(token) ? { kind: "number", digits: token.replace(/^0+(?=\d)/, "") } : { kind: "text", text: token });
}
const RANK = { text: 0, missing: 1, number: 2 };
function comparePart(a, b) {
    const rankA = RANK[a?.kind ?? "missing"];
    const rankB = RANK[b?.kind ?? "missing"];
    if (rankA !== rankB)
        return Math.sign(rankA - rankB);
    if (a?.kind === "number" && b?.kind === "number") {
        // Compared as digit strings: no precision limit, and no leading zeros left to mislead.
        return Math.sign(a.digits.length - b.digits.length) || compareText(a.digits, b.digits);
    }
    if (a?.kind === "text" && b?.kind === "text") {
        return compareText(a.text.toLowerCase(), b.text.toLowerCase()) || compareText(a.text, b.text);
    }
    return 0;
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=version-order.js.map