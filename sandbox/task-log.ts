import { definedOnly } from "./defined";
import type { ApsServerState, TaskState } from "./aps-state";
import type { SandboxClock } from "./clock";

/** One download task as the sandbox saw it; times in simulated ms unless named wall. */
export interface TaskLogEntry {
  readonly id: number;
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly catalogUrl: string;
  readonly totalBytes: number;
  readonly completedBytes: number;
  readonly state: TaskState;
  readonly packageId?: number;
  readonly error?: string;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** `Date.now()` scale: when the download finished, to measure how soon a client noticed. */
  readonly finishedAtWallMs?: number;
  /** `Date.now()` scale: when an answer first told a client it had finished. */
  readonly finishReportedAtWallMs?: number;
}

export function taskLog(state: ApsServerState, clock: SandboxClock): TaskLogEntry[] {
  state.settle();
  return [...state.tasks.values()].map((task) => {
    const entry: TaskLogEntry = {
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
      finishReportedAtWallMs: task.finishReportedAtWallMs,
    };
    return definedOnly(entry);
  });
}
