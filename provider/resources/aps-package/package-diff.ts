import { diffFields } from "../common/fields";
import { APS_PACKAGE_FIELDS, type ApsPackageInputs } from "./package-inputs";
import type { ApsPackageOutputs } from "./package-state";

export interface PackageDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: false;
}

/**
 * Desired inputs against the live state, as APS_PACKAGE_FIELDS says: an identity field given in
 * the program and different on the server means a new package, created before the old one is
 * retired; `visible` changes in place; `downloadTimeoutSeconds` touches nothing remote. A
 * download that has not finished is always a change: the update resumes waiting for it.
 */
export function diffApsPackage(olds: ApsPackageOutputs, news: ApsPackageInputs): PackageDiff {
  const { replaces, changed } = diffFields(APS_PACKAGE_FIELDS, olds, news);
  const stillDownloading = olds.packageId === undefined;
  return { changes: changed || stillDownloading, replaces, deleteBeforeReplace: false };
}
