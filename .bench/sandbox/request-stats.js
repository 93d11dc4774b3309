"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.emptyCounts = emptyCounts;
exports.countOperations = countOperations;
exports.countSystemError = countSystemError;
function emptyCounts() {
    return { httpRequests: 0, packetsByOperation: {}, operationsByName: {}, systemErrors: {} };
}
function countOperations(counts, operationNames) {
    for (const name of new Set(operationNames))
        counts.packetsByOperation[name] = (counts.packetsByOperation[name] ?? 0) + 1;
    for (const name of operationNames)
        counts.operationsByName[name] = (counts.operationsByName[name] ?? 0) + 1;
}
function countSystemError(counts, errcode) {
    counts.systemErrors[errcode] = (counts.systemErrors[errcode] ?? 0) + 1;
}
//# sourceMappingURL=request-stats.js.map