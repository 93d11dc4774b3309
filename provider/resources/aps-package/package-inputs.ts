import { closestName } from "../../basics/closest-name";
import { describeValue as describe, textProblem, timeoutProblem } from "../common/input-checks";
import { isUnknown, type CheckFailure } from "../common/resource-values";

/** ApsPackage's inputs after `check`: validated, trimmed, defaults filled in. */
export interface ApsPackageInputs {
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly vendor?: string;
  readonly packager?: string;
  readonly catalogUrl?: string;
  readonly visible?: boolean;
  readonly downloadTimeoutSeconds: number;
}

export const IDENTITY_FIELDS = ["name", "version", "release", "vendor", "packager"] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 3600;

const INPUT_NAMES = [...IDENTITY_FIELDS, "catalogUrl", "visible", "downloadTimeoutSeconds"] as const;
/** Keys the provider host or Pulumi adds to every resource's inputs. */
const RESERVED: readonly string[] = ["__provider"];

export interface CheckedInputs {
  readonly inputs: Record<string, unknown>;
  readonly failures: CheckFailure[];
}

/** Validates and normalises raw inputs. Nothing that fails here ever reaches Plesk. */
export function checkApsPackageInputs(raw: Record<string, unknown>): CheckedInputs {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};

  for (const key of Object.keys(raw)) {
    if (RESERVED.includes(key) || (INPUT_NAMES as readonly string[]).includes(key)) continue;
    const suggestion = closestName(key, INPUT_NAMES);
    fail(key, `is not an ApsPackage input${suggestion ? `; did you mean "${suggestion}"?` : ""} Valid inputs: ${INPUT_NAMES.join(", ")}.`);
  }

  for (const field of IDENTITY_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) {
      if (field === "name") fail("name", 'is required: the APS package name as the catalog lists it, for example "WordPress"');
      continue;
    }
    if (isUnknown(value)) {
      inputs[field] = value;
      continue;
    }
    const problem = textProblem(value);
    if (problem) fail(field, problem);
    else inputs[field] = (value as string).trim();
  }

  const catalogUrl = raw.catalogUrl;
  if (catalogUrl !== undefined && catalogUrl !== null) {
    const problem = isUnknown(catalogUrl) ? undefined : (textProblem(catalogUrl) ?? urlProblem(catalogUrl as string));
    if (problem) fail("catalogUrl", problem);
    // Not trimmed or normalised: Plesk compares it with its catalog configuration character for character.
    else inputs.catalogUrl = catalogUrl;
  }

  const visible = raw.visible;
  if (visible !== undefined && visible !== null) {
    if (typeof visible === "boolean" || isUnknown(visible)) inputs.visible = visible;
    else fail("visible", `must be true or false, not ${describe(visible)}`);
  }

  const timeout = raw.downloadTimeoutSeconds;
  const timeoutInvalid = isUnknown(timeout) ? undefined : timeoutProblem(timeout);
  if (timeout === undefined || timeout === null) inputs.downloadTimeoutSeconds = DEFAULT_DOWNLOAD_TIMEOUT_SECONDS;
  else if (timeoutInvalid) fail("downloadTimeoutSeconds", timeoutInvalid);
  else inputs.downloadTimeoutSeconds = timeout;

  return { inputs, failures };
}

function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; give the catalog URL exactly as the server's APS catalogs configuration has it, e.g. "http://apscatalog.com/"`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL, not "${url.protocol}"`;
  return undefined;
}
