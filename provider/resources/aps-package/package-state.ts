import type { ApsServerPackage } from "../../plesk/aps";
import { withoutUndefined } from "../../basics/without-undefined";
import { desiredFromState as fromState, keptInputs, type OutputFields } from "../common/fields";
import { APS_PACKAGE_FIELDS, type ApsPackageInputs } from "./package-inputs";

/** ApsPackage's state: the live package, and the inputs later steps compare against. */
export type ApsPackageOutputs = {
  /** Absent while the download is still running. */
  readonly packageId?: string;
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly vendor?: string;
  readonly packager?: string;
  readonly isUploaded?: boolean;
  readonly isVisible?: boolean;
  readonly globalSettingsNotSet?: boolean;
  readonly downloadTaskId?: string;
  readonly totalBytes?: number;
  /** True when an identical package was already on the server and nothing was downloaded. */
  readonly adopted: boolean;
  readonly catalogUrl?: string;
  /** The desired visibility, when managed. */
  readonly visible?: boolean;
  readonly downloadTimeoutSeconds: number;
  /** The server of `plesk:servers` it lives on; absent: the default connection. */
  readonly server?: string;
};

/** What ApsPackage reports besides its inputs; `name`, `version` … then hold what the server has. */
export const APS_PACKAGE_OUTPUTS: OutputFields<ApsPackageOutputs, ApsPackageInputs> = {
  packageId: { type: "string", description: "The Plesk package id; absent while the download is still running. The resource id." },
  isUploaded: { type: "boolean", description: "Whether the package was uploaded to the server rather than downloaded from a catalog." },
  isVisible: { type: "boolean", description: "Whether customers and resellers see the package, as the server says." },
  globalSettingsNotSet: { type: "boolean", description: "Whether the package waits for its global settings before it can be installed." },
  downloadTaskId: {
    type: "string",
    description: "The Plesk download task that fetched the package, when this resource or a running download did.",
  },
  totalBytes: { type: "integer", description: "The package's size in bytes, when the download was seen in progress." },
  adopted: {
    type: "boolean",
    description: "True when the package was already on the server, or a download running there produced it: nothing was downloaded.",
  },
};

export interface DownloadFacts {
  readonly downloadTaskId?: string;
  readonly totalBytes?: number;
  readonly adopted: boolean;
}

export function liveOutputs(inputs: ApsPackageInputs, live: ApsServerPackage, facts: DownloadFacts): ApsPackageOutputs {
  // The inputs are kept for later steps to compare against; the identity fields hold what the server has.
  const outputs: ApsPackageOutputs = {
    ...keptInputs(APS_PACKAGE_FIELDS, inputs),
    packageId: live.id,
    name: live.name,
    version: live.version,
    release: live.release,
    vendor: live.vendor,
    packager: live.packager,
    isUploaded: live.isUploaded,
    isVisible: live.isVisible,
    globalSettingsNotSet: live.globalSettingsNotSet,
    ...facts,
  };
  return withoutUndefined(outputs);
}

/** The state of a download that has not finished: enough to resume waiting on it. */
export function pendingOutputs(inputs: ApsPackageInputs, downloadTaskId: string, totalBytes: number | undefined): ApsPackageOutputs {
  const outputs: ApsPackageOutputs = { ...keptInputs(APS_PACKAGE_FIELDS, inputs), downloadTaskId, totalBytes, adopted: false };
  return withoutUndefined(outputs);
}

/** The id of a resource whose download has not finished; `read` settles it to the package id. */
export function pendingId(downloadTaskId: string): string {
  return `download-task-${downloadTaskId}`;
}

/** A short name for lines and errors: "WordPress 6.4-2", "Joomla (latest) on web1". */
export function packageLabel(fields: { name: string; version?: string; release?: string; server?: string }): string {
  const on = fields.server ? ` on ${fields.server}` : "";
  if (!fields.version) return `${fields.name} (latest)${on}`;
  return `${fields.name} ${fields.version}${fields.release ? `-${fields.release}` : ""}${on}`;
}

/** A refresh has only the state: the program's identity inputs and settings were kept in it. */
export function desiredFromState(state: ApsPackageOutputs): ApsPackageInputs {
  return fromState(APS_PACKAGE_FIELDS, state);
}
