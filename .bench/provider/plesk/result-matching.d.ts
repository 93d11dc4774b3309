import { type OperationResult } from "./packet";
/**
 * Pairs results with the ids that were asked for, by the ids the results carry and never by
 * position. A result may name its id in several places (`id`, `task/id`, `filter-id`); the first
 * that matches an open request wins. When exactly one request and one result are left over, they
 * belong together: Plesk's own sample answers task 18 with `filter-id` 181.
 */
export declare function matchResultsToIds(operation: string, requestedIds: readonly string[], results: readonly OperationResult[], carriedIds: (result: OperationResult) => readonly (string | undefined)[]): Map<string, OperationResult>;
/** Ids are compared as numbers written without leading zeros; they are kept as written. */
export declare function canonicalId(id: string): string;
