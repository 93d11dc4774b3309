import { booleanProblem, MAX_URL_CHARS, textProblem, timeoutProblem } from "../common/input-checks";
import { checkFields, type CheckedInputs, type Fields } from "../common/fields";

/** ApsPackage's inputs after `check`: validated, trimmed, defaults filled in. */
export type ApsPackageInputs = {
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly vendor?: string;
  readonly packager?: string;
  readonly catalogUrl?: string;
  readonly visible?: boolean;
  readonly downloadTimeoutSeconds: number;
  /** A server named in `plesk:servers`; absent: the default connection. */
  readonly server?: string;
};

/** The fields that name a package on the server: a package matches when each one given is equal. */
export const IDENTITY_FIELDS = ["name", "version", "release", "vendor", "packager"] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 3600;

const trim = (value: string) => value.trim();
/** Plesk keeps each version as its own package: another identity is another package. */
const identity = { onChange: "replace-if-given", problem: textProblem, normalise: trim } as const;

/** Every ApsPackage input; docs/resources.md describes them for users. */
export const APS_PACKAGE_FIELDS: Fields<ApsPackageInputs> = {
  name: { ...identity, required: 'the APS package name as the catalog lists it, for example "WordPress"' },
  version: identity,
  release: identity,
  vendor: identity,
  packager: identity,
  // Not trimmed or normalised: Plesk compares it with its catalog configuration character for character.
  catalogUrl: { onChange: "replace", problem: (value) => textProblem(value, MAX_URL_CHARS) ?? urlProblem(String(value)) },
  visible: { onChange: "update", live: "isVisible", problem: booleanProblem },
  downloadTimeoutSeconds: { onChange: "local", problem: timeoutProblem, defaultValue: DEFAULT_DOWNLOAD_TIMEOUT_SECONDS },
  // Another server holds another package: moving a resource replaces it.
  server: { onChange: "replace", problem: textProblem, normalise: trim },
};

/** Validates and normalises raw inputs. Nothing that fails here ever reaches Plesk. */
export function checkApsPackageInputs(raw: Record<string, unknown>): CheckedInputs<ApsPackageInputs> {
  return checkFields("ApsPackage", APS_PACKAGE_FIELDS, raw);
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
