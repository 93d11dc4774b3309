import { isUnknown } from "../common/resource-values";
import { IDENTITY_FIELDS } from "./package-inputs";

export interface PackageDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: false;
}

/**
 * Desired inputs against the live state. An identity field given in the program and different
 * on the server means a new package (Plesk keeps each version as its own package), created
 * before the old one is retired; a field left out accepts whatever the server has. `visible`
 * changes in place; `downloadTimeoutSeconds` touches nothing remote.
 */
export function diffApsPackage(olds: Record<string, unknown>, news: Record<string, unknown>): PackageDiff {
  const replaces: string[] = [];
  for (const field of IDENTITY_FIELDS) {
    const desired = news[field];
    if (desired !== undefined && (isUnknown(desired) || desired !== olds[field])) replaces.push(field);
  }
  if (news.catalogUrl !== olds.catalogUrl) replaces.push("catalogUrl");

  const stillDownloading = olds.packageId === undefined;
  const visibilityDiffers = news.visible !== undefined && (isUnknown(news.visible) || news.visible !== olds.isVisible);
  const visibilityManagementChanged = (news.visible === undefined) !== (olds.visible === undefined);
  const timeoutChanged = news.downloadTimeoutSeconds !== olds.downloadTimeoutSeconds;

  const changes = replaces.length > 0 || stillDownloading || visibilityDiffers || visibilityManagementChanged || timeoutChanged;
  return { changes, replaces, deleteBeforeReplace: false };
}
