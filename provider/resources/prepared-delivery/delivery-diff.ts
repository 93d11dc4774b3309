import { isUnknown } from "../common/resource-values";
import { diffFields } from "../common/fields";
import { PREPARED_DELIVERY_FIELDS, type PreparedDeliveryInputs } from "./delivery-inputs";
import { isSettled, type PreparedDeliveryOutputs } from "./delivery-state";

export interface DeliveryDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * Desired inputs against the state. A different catalog item, device or item type is another
 * delivery: replacement. A delivery GetApp reports as failed (found by a refresh) is replaced
 * too: only a new POST retries it. A replacement with the same catalog id deletes first, since
 * deleting evicts by catalog id and would otherwise evict the new delivery.
 */
export function diffPreparedDelivery(olds: PreparedDeliveryOutputs, news: PreparedDeliveryInputs): DeliveryDiff {
  const { replaces, changed } = diffFields(PREPARED_DELIVERY_FIELDS, olds, news);
  if (olds.status === "error") replaces.push("status");
  const sameCatalogId = !isUnknown(news.catalogId) && news.catalogId === olds.catalogId;

  const verifyArtifacts = news.verifyArtifacts === true || isUnknown(news.verifyArtifacts);
  const requireArtifactHashes = news.requireArtifactHashes === true || isUnknown(news.requireArtifactHashes);
  const unfinished = !isSettled(olds, { verifyArtifacts, requireArtifactHashes });

  return {
    changes: changed || replaces.length > 0 || unfinished,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameCatalogId,
  };
}
