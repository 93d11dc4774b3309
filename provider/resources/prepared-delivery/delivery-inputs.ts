import { closestName } from "../../basics/closest-name";
import { ITEM_TYPES, type ItemType } from "../../getapp/delivery-api";
import { checkFields, type CheckedInputs, type Fields } from "../common/fields";
import { booleanProblem, describeValue, textProblem, timeoutProblem } from "../common/input-checks";

/** PreparedDelivery's inputs after `check`: validated, trimmed, defaults filled in. */
export type PreparedDeliveryInputs = {
  readonly catalogId: string;
  readonly deviceId: string;
  readonly itemType: ItemType;
  readonly verifyArtifacts: boolean;
  readonly requireArtifactHashes: boolean;
  readonly timeoutSeconds: number;
};

export const DEFAULT_DELIVERY_TIMEOUT_SECONDS = 3600;

const trim = (value: string) => value.trim();

/** Every PreparedDelivery input; docs/resources.md describes them for users. A different catalog item, device or item type is another delivery. */
export const PREPARED_DELIVERY_FIELDS: Fields<PreparedDeliveryInputs> = {
  catalogId: {
    onChange: "replace",
    type: "string",
    problem: textProblem,
    normalise: trim,
    required: 'the GetApp catalog item id, for example "navigator-2.4.1"',
    description: 'The GetApp catalog item, for example "navigator-2.4.1"; the resource id. Changing it replaces the resource.',
  },
  deviceId: {
    onChange: "replace",
    type: "string",
    problem: textProblem,
    normalise: trim,
    required: 'the GetApp device id, for example "device-17"',
    description: 'The device it is prepared for, for example "device-17". Changing it replaces the resource.',
  },
  itemType: {
    onChange: "replace",
    type: "string",
    problem: itemTypeProblem,
    required: `one of ${ITEM_TYPES.join(", ")}`,
    description: `What the item is: one of ${ITEM_TYPES.join(", ")}. Changing it replaces the resource.`,
  },
  verifyArtifacts: {
    onChange: "update",
    type: "boolean",
    problem: booleanProblem,
    defaultValue: true,
    description:
      "Download each artifact GetApp announced a hash for once it is ready, and check its SHA-256 (default true). Real GetApp servers hash only a map's gpkg artifact: the others are kept, each marked unverified with the reason.",
  },
  requireArtifactHashes: {
    onChange: "update",
    type: "boolean",
    problem: booleanProblem,
    defaultValue: false,
    description:
      "Fail the delivery when an artifact cannot be verified: GetApp announced no hash for it, or its location is not an HTTP(S) URL (default false). Only with verifyArtifacts.",
  },
  timeoutSeconds: {
    onChange: "local",
    type: "integer",
    problem: timeoutProblem,
    defaultValue: DEFAULT_DELIVERY_TIMEOUT_SECONDS,
    description:
      "How long a create waits for preparation and verification, in seconds (default 3600). A preparation that outlives it is kept; the next up resumes waiting for it.",
  },
};

/** Validates and normalises raw inputs. Nothing that fails here ever reaches GetApp. */
export function checkPreparedDeliveryInputs(raw: Record<string, unknown>): CheckedInputs<PreparedDeliveryInputs> {
  return checkFields("PreparedDelivery", PREPARED_DELIVERY_FIELDS, raw);
}

function itemTypeProblem(value: unknown): string | undefined {
  if ((ITEM_TYPES as readonly unknown[]).includes(value)) return undefined;
  const suggestion = typeof value === "string" ? closestName(value, ITEM_TYPES) : undefined;
  return `must be one of ${ITEM_TYPES.join(", ")}, not ${describeValue(value)}${suggestion ? `; did you mean "${suggestion}"?` : ""}`;
}
