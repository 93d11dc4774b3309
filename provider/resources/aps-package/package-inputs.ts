import { booleanProblem, httpUrlProblem, MAX_URL_CHARS, textProblem, timeoutProblem } from "../common/input-checks";
import { SERVER_INPUT } from "../common/plesk-fleet";
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
const identity = { onChange: "replace-if-given", type: "string", problem: textProblem, normalise: trim } as const;

/** Every ApsPackage input; docs/resources.md describes them for users. */
export const APS_PACKAGE_FIELDS: Fields<ApsPackageInputs> = {
  name: {
    ...identity,
    required: 'the APS package name as the catalog lists it, for example "WordPress"',
    description: 'The package name exactly as the APS catalog lists it, for example "WordPress". Changing it replaces the resource.',
  },
  version: {
    ...identity,
    description:
      'The application version, for example "6.4". Left out, Plesk downloads the catalog\'s highest, and any version already on the server satisfies it. Changing it replaces the resource.',
  },
  release: {
    ...identity,
    description: 'The release within the version, for example "2". Left out, the highest. Changing it replaces the resource.',
  },
  vendor: { ...identity, description: "The vendor as the catalog lists it; narrows the match. Changing it replaces the resource." },
  packager: { ...identity, description: "The packager as the catalog lists it; narrows the match. Changing it replaces the resource." },
  // Not trimmed or normalised: Plesk compares it with its catalog configuration character for character.
  catalogUrl: {
    onChange: "replace",
    type: "string",
    problem: (value) =>
      textProblem(value, MAX_URL_CHARS) ??
      httpUrlProblem(
        String(value),
        'the catalog URL exactly as the server\'s APS catalogs configuration has it, e.g. "http://apscatalog.com/"',
      ),
    description:
      "The APS catalog to download from (sent as aps-catalog-url), exactly as the server's catalogs configuration has it: a missing trailing slash is another catalog. Left out, the server's first catalog. Changing it replaces the resource.",
  },
  visible: {
    onChange: "update",
    type: "boolean",
    live: "isVisible",
    problem: booleanProblem,
    description:
      "Whether customers and resellers see the package, changed in place. Left out, not managed. On delete a managed package is hidden, but only one this resource downloaded and no other resource holds.",
  },
  downloadTimeoutSeconds: {
    onChange: "local",
    type: "integer",
    problem: timeoutProblem,
    defaultValue: DEFAULT_DOWNLOAD_TIMEOUT_SECONDS,
    description:
      "How long a create waits for the download, in seconds (default 3600, at most a week). A download that outlives it goes on in Plesk; the next up resumes waiting for it.",
  },
  server: SERVER_INPUT,
};

/** Validates and normalises raw inputs. Nothing that fails here ever reaches Plesk. */
export function checkApsPackageInputs(raw: Record<string, unknown>): CheckedInputs<ApsPackageInputs> {
  return checkFields("ApsPackage", APS_PACKAGE_FIELDS, raw);
}
