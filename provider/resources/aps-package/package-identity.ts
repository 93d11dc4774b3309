import type { ApsPackageIdentity } from "../../plesk/aps";
import { IDENTITY_FIELDS, type ApsPackageInputs } from "./package-inputs";

/**
 * Whether a package is what a resource asks for: each identity field the program gives is equal.
 * Plesk numbers download tasks afresh after a restart and reuses package ids, so a task's
 * package or the package at an id is ours only when this holds.
 */
export function isAskedFor(pkg: ApsPackageIdentity, inputs: ApsPackageInputs): boolean {
  return IDENTITY_FIELDS.every((field) => inputs[field] === undefined || inputs[field] === pkg[field]);
}

/**
 * Whether the package now at a recorded id is the one recorded there: every identity field equal.
 * A package on Plesk never changes its name, version, release, vendor or packager; another
 * value under the same id is another package that took over the id.
 */
export function isRecordedPackage(pkg: ApsPackageIdentity, recorded: ApsPackageIdentity): boolean {
  return IDENTITY_FIELDS.every((field) => recorded[field] === pkg[field]);
}

/** A package as messages name it: `"Joomla 5.0-1" (vendor joomla.org)`. */
export function describeIdentity(pkg: ApsPackageIdentity): string {
  const version = pkg.version ? ` ${pkg.version}${pkg.release ? `-${pkg.release}` : ""}` : "";
  const by = [pkg.vendor && `vendor ${pkg.vendor}`, pkg.packager && `packager ${pkg.packager}`].filter(Boolean).join(", ");
  return `"${pkg.name}${version}"${by ? ` (${by})` : ""}`;
}
