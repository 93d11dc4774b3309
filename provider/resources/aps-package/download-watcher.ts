import type { Deadline } from "../../basics/deadline";
import { DescribedError } from "../../basics/errors";
import { getDownloadStatus, type DownloadTaskStatus } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";
import { isPleskApiError } from "../../plesk/errors";
import { batchOrEach } from "./batch-fallback";
import { LinkThroughput, type PollTime } from "./link-throughput";
import { DEFAULT_TICKS, nextPollDelayMs, type TickPolicy } from "./poll-schedule";

export type FinishedStatus = Extract<DownloadTaskStatus, { state: "succeeded" | "failed" | "unknown" }>;
export type PendingStatus = Extract<DownloadTaskStatus, { state: "queued" | "running" }>;

export interface WaitOptions {
  /** When to give up waiting (the download goes on in Plesk): its time, or a cancelled run. */
  readonly deadline: Deadline;
  /** Every status seen while the task is not finished. */
  readonly onStatus?: (status: PendingStatus) => void;
}

/** The wait ended before the download did; the task goes on in Plesk. */
export class DeadlinePassedError extends DescribedError {
  constructor(
    readonly taskId: string,
    readonly lastStatus: PendingStatus | undefined,
  ) {
    super("PACKAGE_WAIT_ENDED", `download task ${taskId} had not finished when the wait ended`);
    this.name = "DeadlinePassedError";
  }
}

interface Waiter {
  readonly options: WaitOptions;
  readonly resolve: (status: FinishedStatus) => void;
  readonly reject: (error: Error) => void;
  /** Ends this wait at its deadline, whatever a poll in flight is doing. */
  readonly expire: () => void;
}

interface Watch {
  readonly waiters: Waiter[];
  /** The last status seen, and when the poll saw it. */
  last?: PollTime & { readonly status: PendingStatus };
}

/**
 * Watches every waiting download of one endpoint with a single `get-download-status` packet
 * per tick, whatever the number of waiters. One exists per endpoint per process.
 */
export class DownloadWatcher {
  private readonly watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private polling = false;
  /** Aborts the poll in flight once nobody waits for its answer any more. */
  private pollAbort: AbortController | undefined;
  private failedPolls = 0;
  /**
   * What all watched downloads move, finished ones counted in full. Plesk downloads a
   * transaction's tasks in turn through one link, so its rate predicts a task just started as
   * well as one long under way.
   */
  private readonly throughput = new LinkThroughput();
  private lastPoll: { readonly seen: PollTime; readonly sawRunning: boolean } | undefined;

  constructor(
    private readonly client: PleskClient,
    private readonly ticks: TickPolicy = DEFAULT_TICKS,
  ) {}

  /** Resolves when the task finishes (succeeded, failed, or unknown to Plesk). */
  wait(taskId: string, options: WaitOptions): Promise<FinishedStatus> {
    return new Promise((resolve, reject) => {
      const watch = this.watches.get(taskId) ?? { waiters: [] };
      if (options.deadline.signal.aborted) {
        reject(new DeadlinePassedError(taskId, watch.last?.status));
        return;
      }
      const waiter: Waiter = { options, resolve, reject, expire: () => this.expire(taskId, waiter) };
      options.deadline.signal.addEventListener("abort", waiter.expire, { once: true });
      watch.waiters.push(waiter);
      this.watches.set(taskId, watch);
      this.scheduleIn(this.nextDelayMs());
    });
  }

  private scheduleIn(delayMs: number): void {
    const dueAt = Date.now() + delayMs;
    if (this.polling || dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    this.polling = true;
    const abort = (this.pollAbort = new AbortController());
    try {
      const taskIds = [...this.watches.keys()];
      if (taskIds.length === 0) return;
      let statuses: Map<string, DownloadTaskStatus>;
      const sentAt = Date.now();
      try {
        statuses = await batchOrEach(taskIds, (ids) => getDownloadStatus(this.client, ids, { signal: abort.signal }));
        this.failedPolls = 0;
      } catch (error) {
        if (abort.signal.aborted) return; // every waiter's deadline passed: nothing failed
        this.failedPolls++;
        if ((isPleskApiError(error) && error.level === "system") || this.failedPolls >= this.ticks.maxFailedPolls) {
          this.rejectAll(error as Error);
        }
        return;
      }
      const answeredAt = Date.now();
      const seen: PollTime = { at: (sentAt + answeredAt) / 2, doubtMs: (answeredAt - sentAt) / 2 };
      let moved = 0;
      for (const [taskId, status] of statuses) moved += this.observe(taskId, status, seen);
      const sawRunning = [...statuses.values()].some((status) => status.state === "running");
      // Running at both polls, the link was busy in between; otherwise it may have idled a while.
      if (this.lastPoll?.sawRunning && sawRunning) this.throughput.add(this.lastPoll.seen, seen, moved);
      this.lastPoll = { seen, sawRunning };
    } finally {
      this.polling = false;
      this.pollAbort = undefined;
      if (this.watches.size > 0) this.scheduleIn(this.nextDelayMs());
    }
  }

  /** Records a status; returns the bytes the task moved since it was last seen. */
  private observe(taskId: string, status: DownloadTaskStatus, seen: PollTime): number {
    const watch = this.watches.get(taskId);
    if (!watch) return 0;
    const before = watch.last?.status.completedBytes ?? 0;
    if (status.state === "queued" || status.state === "running") {
      watch.last = { status, ...seen };
      for (const waiter of watch.waiters) waiter.options.onStatus?.(status);
      return Math.max(0, status.completedBytes - before);
    }
    this.watches.delete(taskId);
    for (const waiter of watch.waiters) {
      stopExpiry(waiter);
      waiter.resolve(status);
    }
    return status.state === "succeeded" && watch.last ? Math.max(0, watch.last.status.totalBytes - before) : 0;
  }

  private nextDelayMs(): number {
    const lasts = [...this.watches.values()].map(({ last }) => last);
    return nextPollDelayMs(this.ticks, lasts, this.throughput.rate(), Date.now());
  }

  /** A deadline passed: that wait ends now; a poll nobody waits for any more is abandoned. */
  private expire(taskId: string, waiter: Waiter): void {
    const watch = this.watches.get(taskId);
    const index = watch?.waiters.indexOf(waiter) ?? -1;
    if (!watch || index === -1) return;
    watch.waiters.splice(index, 1);
    if (watch.waiters.length === 0) this.watches.delete(taskId);
    if (this.watches.size === 0) {
      this.pollAbort?.abort();
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDueAt = Number.POSITIVE_INFINITY;
    }
    waiter.reject(new DeadlinePassedError(taskId, watch.last?.status));
  }

  private rejectAll(error: Error): void {
    const watches = [...this.watches.values()];
    this.watches.clear();
    for (const watch of watches) {
      for (const waiter of watch.waiters) {
        stopExpiry(waiter);
        waiter.reject(error);
      }
    }
  }
}

function stopExpiry(waiter: Waiter): void {
  waiter.options.deadline.signal.removeEventListener("abort", waiter.expire);
}
