import { invalidAnswer, type OperationResult } from "./packet";

/** The ids a result names: the object's own (`id`, `task/id`, `package/id`…) and its `filter-id`. */
export interface NamedIds {
  readonly own: readonly (string | undefined)[];
  readonly filterId?: string | undefined;
}

/**
 * Pairs results with the ids that were asked for, by the ids the results name and never by
 * position or by elimination: a result is used only for the object it names. The object's own
 * id decides; `filter-id` only where a result names no id of its own. (Plesk's sample answers an
 * unknown task 18 with `filter-id` 181 and names 18 only in the error text, which is why error
 * texts count as naming an id.) A result about an id that was not asked for, two results about
 * one id, or a result naming two different ids make the whole answer invalid.
 */
export function matchResultsToIds(
  operation: string,
  requestedIds: readonly string[],
  results: readonly OperationResult[],
  namedIds: (result: OperationResult) => NamedIds,
): Map<string, OperationResult> {
  const open = new Map(requestedIds.map((id) => [canonicalId(id), id]));
  const matched = new Map<string, OperationResult>();
  const asked = () => requestedIds.join(", ");

  for (const result of results) {
    const key = subjectOf(operation, result, namedIds(result));
    const requested = open.get(key);
    if (requested === undefined) {
      const again = [...matched.keys()].some((id) => canonicalId(id) === key);
      throw invalidAnswer(
        operation,
        again
          ? `the answer holds two results for id ${key}`
          : `the answer holds a result for id ${key}, which was not asked for (asked for ${asked()}); it is not used`,
      );
    }
    matched.set(requested, result);
    open.delete(key);
  }
  if (open.size > 0) {
    throw invalidAnswer(operation, `the answer has no result for id ${[...open.values()].join(", ")}`);
  }
  return matched;
}

/** The one id a result is about, canonical. */
function subjectOf(operation: string, result: OperationResult, named: NamedIds): string {
  const own = new Set(
    [...named.own, result.ok ? undefined : idInErrorText(result.errtext)]
      .filter((id): id is string => id !== undefined && id.trim() !== "")
      .map(canonicalId),
  );
  if (own.size > 1) throw invalidAnswer(operation, `a result names ${idsInWords([...own])}`);
  const subject = [...own][0] ?? (named.filterId === undefined ? undefined : canonicalId(named.filterId));
  if (subject === undefined || subject === "") throw invalidAnswer(operation, "a result names no id");
  return subject;
}

/** `both id 4 and id 7`, or for a whole list given as one result `20001 ids: 1, 2, 3 … and 19998 more`. */
function idsInWords(ids: readonly string[]): string {
  if (ids.length === 2) return `both id ${ids[0]} and id ${ids[1]}`;
  const shown = ids.slice(0, 5).join(", ");
  return ids.length <= 5 ? `ids ${shown}` : `${ids.length} ids: ${shown} … and ${ids.length - 5} more`;
}

/** `Download task with id 18 not found` names 18. */
function idInErrorText(errtext: string | undefined): string | undefined {
  return errtext === undefined ? undefined : /\bid (\d+)\b/i.exec(errtext)?.[1];
}

/** Ids are compared as numbers written without leading zeros; they are kept as written. */
export function canonicalId(id: string): string {
  const trimmed = id.trim();
  return /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, "") : trimmed;
}
