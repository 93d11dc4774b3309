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
export interface VersionedPackage {
    readonly version?: string;
    readonly release?: string;
}
export declare function compareVersions(a: string | undefined, b: string | undefined): number;
/** Orders packages by version, then release. */
export declare function comparePackageVersions(a: VersionedPackage, b: VersionedPackage): number;
/** The highest of `candidates` by version, then release; undefined for none. */
export declare function highestVersion<T extends VersionedPackage>(candidates: readonly T[]): T | undefined;
