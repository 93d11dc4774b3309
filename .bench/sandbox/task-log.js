"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.taskLog = taskLog;
function taskLog(state, clock) {
    state.settle();
    return [...state.tasks.values()].map((task) => {
        const entry = {
            id: task.id,
            name: task.resolved?.application.name ?? task.requested.name,
            version: task.resolved?.package.version ?? task.requested.version,
            release: task.resolved?.package.release ?? task.requested.release,
            catalogUrl: task.catalogUrl,
            totalBytes: task.totalBytes,
            completedBytes: Math.floor(task.completedBytes),
            state: task.state,
            packageId: task.packageId,
            error: task.error,
            createdAt: task.createdAt,
            startedAt: task.startedAt,
            finishedAt: task.finishedAt,
            finishedAtWallMs: task.finishedAt === undefined ? undefined : clock.wallTimeAt(task.finishedAt),
        };
        return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
    });
}
//# sourceMappingURL=task-log.js.map