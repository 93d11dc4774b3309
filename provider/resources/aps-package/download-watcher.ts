import { DescribedError } from "../../basics/errors";
import { getDownloadStatus, type DownloadTaskStatus } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";
import { isPleskApiError } from "../../plesk/errors";
import { batchOrEach } from "./batch-fallback";
import { DEFAULT_TICKS, nextPollDelayMs, type TickPolicy } from "./poll-schedule";

export type FinishedStatus = Extract<DownloadTaskStatus, { state: "succeeded" | "failed" | "unknown" }>;
export type PendingStatus = Extract<DownloadTaskStatus, { state: "queued" | "running" }>;

export interface WaitOptions {
  /** `Date.now()` at which to give up waiting (the download goes on in Plesk). */
  readonly deadline: number;
  /** Every status seen while the task is not finished. */
  readonly onStatus?: (status: PendingStatus) => void;
}

/** The wait ended before the download did; the task goes on in Plesk. */
export class DeadlinePassedError extends DescribedError {
  constructor(
    readonly taskId: string,
    readonly lastStatus: PendingStatus | undefined,
  ) {
    super("PACKAGE_WAIT_ENDED", `download task ${taskId} had not finished by the deadline`);
    this.name = "DeadlinePassedError";
  }
}

const RATE_WINDOW_MS = 2_000;
/** Bytes seen at a time known only within a round trip: its middle. */
interface Sighting {
  readonly bytes: number;
  readonly at: number;
}

/** Bytes per ms between two sightings, if it moved. */
function rateBetween(from: Sighting, to: Sighting): number | undefined {
  const elapsed = to.at - from.at;
  return elapsed > 0 && to.bytes > from.bytes ? (to.bytes - from.bytes) / elapsed : undefined;
}

interface Waiter {
  readonly options: WaitOptions;
  readonly resolve: (status: FinishedStatus) => void;
  readonly reject: (error: Error) => void;
  /** Ends this wait at its deadline, whatever a poll in flight is doing. */
  expiry?: NodeJS.Timeout;
}

interface Watch {
  readonly waiters: Waiter[];
  last?: { readonly status: PendingStatus; readonly at: number };
  /** Bytes per ms, from the last two observations of a running download. */
  rate?: number;
  /** Looks in a row that found it running without a byte more. */
  stalledLooks?: number;
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
   * The endpoint's recent throughput, in bytes per ms: what all watched downloads moved between
   * two polls, finished ones counted in full. Plesk downloads a transaction's tasks in turn
   * through one link, so it predicts a task just started as well as one long under way.
   */
  private recentRate: number | undefined;
  /** Bytes moved since `rateFrom`, the poll the next rate is measured from. */
  private movedSinceRateFrom = 0;
  private rateFrom: number | undefined;

  constructor(
    private readonly client: PleskClient,
    private readonly ticks: TickPolicy = DEFAULT_TICKS,
  ) {}

  /** Resolves when the task finishes (succeeded, failed, or unknown to Plesk). */
  wait(taskId: string, options: WaitOptions): Promise<FinishedStatus> {
    return new Promise((resolve, reject) => {
      const watch = this.watches.get(taskId) ?? { waiters: [] };
      const waiter: Waiter = { options, resolve, reject };
      waiter.expiry = setTimeout(() => this.expire(taskId, waiter), Math.max(0, options.deadline - Date.now()));
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
      // Plesk read its state somewhere within the round trip: its middle is the best guess.
      const now = (sentAt + Date.now()) / 2;
      let moved = 0;
      for (const [taskId, status] of statuses) moved += this.observe(taskId, status, now);
      this.measureRate(moved, now);
    } finally {
      this.polling = false;
      this.pollAbort = undefined;
      if (this.watches.size > 0) this.scheduleIn(this.nextDelayMs());
    }
  }

  /**
   * The rate is measured over at least `RATE_WINDOW_MS`. Each poll's time is a guess within its
   * round trip, some tens of ms wide when the panel queues: over a look placed just after
   * another, that guess would make the rate 30 % off, and every end predicted from it late.
   * A poll that saw nothing move starts the window again, so idle time never dilutes it.
   */
  private measureRate(moved: number, now: number): void {
    if (moved === 0 || this.rateFrom === undefined) {
      this.rateFrom = now;
      this.movedSinceRateFrom = 0;
      return;
    }
    this.movedSinceRateFrom += moved;
    if (now - this.rateFrom < RATE_WINDOW_MS) return;
    this.recentRate = rateBetween({ bytes: 0, at: this.rateFrom }, { bytes: this.movedSinceRateFrom, at: now });
    this.rateFrom = now;
    this.movedSinceRateFrom = 0;
  }

  /** Records a status; returns the bytes the task moved since it was last seen. */
  private observe(taskId: string, status: DownloadTaskStatus, now: number): number {
    const watch = this.watches.get(taskId);
    if (!watch) return 0;
    const before = watch.last?.status.completedBytes ?? 0;
    if (status.state === "queued" || status.state === "running") {
      const previous = watch.last;
      // Two sightings while running give the task's own rate. (A first sighting cannot: the
      // task may have waited in the queue for any part of the time since it was started.)
      if (status.state === "running" && previous?.status.state === "running") {
        watch.rate =
          rateBetween({ bytes: previous.status.completedBytes, at: previous.at }, { bytes: status.completedBytes, at: now }) ?? watch.rate;
      }
      const stalled =
        status.state === "running" && previous?.status.state === "running" && status.completedBytes <= previous.status.completedBytes;
      watch.stalledLooks = stalled ? (watch.stalledLooks ?? 0) + 1 : 0;
      watch.last = { status, at: now };
      for (const waiter of watch.waiters) waiter.options.onStatus?.(status);
      return Math.max(0, status.completedBytes - before);
    }
    this.watches.delete(taskId);
    for (const waiter of watch.waiters) {
      clearTimeout(waiter.expiry);
      waiter.resolve(status);
    }
    return status.state === "succeeded" && watch.last ? Math.max(0, watch.last.status.totalBytes - before) : 0;
  }

  private nextDelayMs(): number {
    const watched = [...this.watches.values()].map((watch) => ({
      last: watch.last,
      rate: this.recentRate ?? watch.rate,
      stalledLooks: watch.stalledLooks ?? 0,
    }));
    return nextPollDelayMs(this.ticks, watched, Date.now());
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
        clearTimeout(waiter.expiry);
        waiter.reject(error);
      }
    }
  }
}
