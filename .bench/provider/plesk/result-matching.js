"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.matchResultsToIds = matchResultsToIds;
exports.canonicalId = canonicalId;
const packet_1 = require("./packet");
/**
 * Pairs results with the ids that were asked for, by the ids the results carry and never by
 * position. A result may name its id in several places (`id`, `task/id`, `filter-id`); the first
 * that matches an open request wins. When exactly one request and one result are left over, they
 * belong together: Plesk's own sample answers task 18 with `filter-id` 181.
 */
function matchResultsToIds(operation, requestedIds, results, carriedIds) {
    const open = new Map(requestedIds.map((id) => [canonicalId(id), id]));
    const matched = new Map();
    const leftOver = [];
    for (const result of results) {
        const key = carriedIds(result)
            .filter((id) => id !== undefined)
            .map(canonicalId)
            .find((id) => open.has(id));
        if (key === undefined) {
            leftOver.push(result);
            continue;
        }
        matched.set(open.get(key), result);
        open.delete(key);
    }
    if (open.size === 1 && leftOver.length === 1) {
        matched.set([...open.values()][0], leftOver[0]);
        open.clear();
    }
    if (open.size > 0) {
        throw (0, packet_1.invalidAnswer)(operation, `the answer has no result for id ${[...open.values()].join(", ")}`);
    }
    return matched;
}
/** Ids are compared as numbers written without leading zeros; they are kept as written. */
function canonicalId(id) {
    const trimmed = id.trim();
    return /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, "") : trimmed;
}
//# sourceMappingURL=result-matching.js.map