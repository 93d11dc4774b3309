import { invalidAnswer, type OperationResult } from "./packet";

/**
 * Pairs results with the ids that were asked for, by the ids the results carry and never by
 * position. A result may name its id in several places (`id`, `task/id`, `filter-id`); the first
 * that matches an open request wins. When exactly one request and one result are left over, they
 * belong together: Plesk's own sample answers task 18 with `filter-id` 181.
 */
export function matchResultsToIds(
  operation: string,
  requestedIds: readonly string[],
  results: readonly OperationResult[],
  carriedIds: (result: OperationResult) => readonly (string | undefined)[],
): Map<string, OperationResult> {
  const open = new Map(requestedIds.map((id) => [canonicalId(id), id]));
  const matched = new Map<string, OperationResult>();
  const leftOver: OperationResult[] = [];

  for (const result of results) {
    const key = carriedIds(result)
      .filter((id): id is string => id !== undefined)
      .map(canonicalId)
      .find((id) => open.has(id));
    if (key === undefined) {
      leftOver.push(result);
      continue;
    }
    matched.set(open.get(key)!, result);
    open.delete(key);
  }

  if (open.size === 1 && leftOver.length === 1) {
    matched.set([...open.values()][0], leftOver[0]);
    open.clear();
  }
  if (open.size > 0) {
    throw invalidAnswer(operation, `the answer has no result for id ${[...open.values()].join(", ")}`);
  }
  return matched;
}

/** Ids are compared as numbers written without leading zeros; they are kept as written. */
export function canonicalId(id: string): string {
  const trimmed = id.trim();
  return /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, "") : trimmed;
}
