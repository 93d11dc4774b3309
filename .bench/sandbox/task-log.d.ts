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
}
export declare function taskLog(state: ApsServerState, clock: SandboxClock): TaskLogEntry[];
