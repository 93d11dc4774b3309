import { closestName } from "../../basics/closest-name";
import { describeValue, textProblem, timeoutProblem } from "../common/input-checks";
import { isUnknown, type CheckFailure } from "../common/resource-values";
import { ITEM_TYPES, type ItemType } from "../../getapp/delivery-api";

/** PreparedDelivery's inputs after `check`: validated, trimmed, defaults filled in. */
export type PreparedDeliveryInputs = {
  readonly catalogId: string;
  readonly deviceId: string;
  readonly itemType: ItemType;
  readonly verifyArtifacts: boolean;
  readonly timeoutSeconds: number;
};

/** Changing any of these asks GetApp for a different delivery: replacement. */
export const DELIVERY_IDENTITY_FIELDS = ["catalogId", "deviceId", "itemType"] as const;

export const DEFAULT_DELIVERY_TIMEOUT_SECONDS = 3600;
const INPUT_NAMES = [...DELIVERY_IDENTITY_FIELDS, "verifyArtifacts", "timeoutSeconds"] as const;
const RESERVED: readonly string[] = ["__provider"];

/** Validates and normalises raw inputs. Nothing that fails here ever reaches GetApp. */
export function checkPreparedDeliveryInputs(raw: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = {};

  for (const key of Object.keys(raw)) {
    if (RESERVED.includes(key) || (INPUT_NAMES as readonly string[]).includes(key)) continue;
    const suggestion = closestName(key, INPUT_NAMES);
    fail(
      key,
      `is not a PreparedDelivery input${suggestion ? `; did you mean "${suggestion}"?` : ""} Valid inputs: ${INPUT_NAMES.join(", ")}.`,
    );
  }

  const examples = { catalogId: '"navigator-2.4.1"', deviceId: '"device-17"' };
  for (const field of ["catalogId", "deviceId"] as const) {
    const value = raw[field];
    if (value === undefined || value === null)
      fail(field, `is required: the GetApp ${field === "catalogId" ? "catalog item" : "device"} id, for example ${examples[field]}`);
    else if (isUnknown(value)) inputs[field] = value;
    else {
      const problem = textProblem(value);
      if (problem) fail(field, problem);
      else inputs[field] = (value as string).trim();
    }
  }

  const itemType = raw.itemType;
  if (itemType === undefined || itemType === null) fail("itemType", `is required: one of ${ITEM_TYPES.join(", ")}`);
  else if (isUnknown(itemType) || (ITEM_TYPES as readonly unknown[]).includes(itemType)) inputs.itemType = itemType;
  else {
    const suggestion = typeof itemType === "string" ? closestName(itemType, ITEM_TYPES) : undefined;
    fail(
      "itemType",
      `must be one of ${ITEM_TYPES.join(", ")}, not ${describeValue(itemType)}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
    );
  }

  const verify = raw.verifyArtifacts;
  if (verify === undefined || verify === null) inputs.verifyArtifacts = true;
  else if (typeof verify === "boolean" || isUnknown(verify)) inputs.verifyArtifacts = verify;
  else fail("verifyArtifacts", `must be true or false, not ${describeValue(verify)}`);

  const timeout = raw.timeoutSeconds;
  const timeoutInvalid = isUnknown(timeout) ? undefined : timeoutProblem(timeout);
  if (timeout === undefined || timeout === null) inputs.timeoutSeconds = DEFAULT_DELIVERY_TIMEOUT_SECONDS;
  else if (timeoutInvalid) fail("timeoutSeconds", timeoutInvalid);
  else inputs.timeoutSeconds = timeout;

  return { inputs, failures };
}
