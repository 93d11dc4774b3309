import { megabytes } from "../../basics/megabytes";
import type { PendingStatus } from "./download-watcher";

/**
 * Turns the statuses of one download into a few lines: queued, started, a look that finds it in
 * a later quarter than the last line (with the percent, bytes and rate it found), done. Looks
 * come when the end is due, not at quarters, so a quick download may show none. Never a line per poll.
 */
export class DownloadProgress {
  private state: "new" | "queued" | "running" = "new";
  private quartersSaid = 0;
  private runningSince: { readonly at: number; readonly bytes: number } | undefined;
  private readonly startedAt: number;
  totalBytes: number | undefined;

  constructor(
    private readonly label: string,
    private readonly taskId: string,
    private readonly say: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  observe(status: PendingStatus): void {
    if (status.totalBytes > 0) this.totalBytes = status.totalBytes;
    if (status.state === "queued") {
      if (this.state === "new") this.say(`${this.label}: queued behind other downloads as task ${this.taskId}${this.size()}`);
      this.state = "queued";
      return;
    }
    if (this.state !== "running") {
      // Seen running at once, it started about when the wait began; after queueing, the start
      // is unknown, so the rate counts from this first sight.
      this.runningSince = this.state === "new" ? { at: this.startedAt, bytes: 0 } : { at: this.now(), bytes: status.completedBytes };
      this.state = "running";
      this.say(
        status.totalBytes === 0
          ? `${this.label}: downloading as task ${this.taskId} (Plesk reports no progress for it)`
          : `${this.label}: downloading${this.size()} as task ${this.taskId}`,
      );
    }
    if (status.totalBytes === 0) return;
    const percent = Math.floor((status.completedBytes / status.totalBytes) * 100);
    const quarter = Math.min(3, Math.floor(percent / 25));
    if (quarter > this.quartersSaid) {
      this.quartersSaid = quarter;
      this.say(
        `${this.label}: ${percent}% (${megabytes(status.completedBytes)} of ${megabytes(status.totalBytes)}${this.rate(status.completedBytes)})`,
      );
    }
  }

  /** Seconds since the wait began, for the closing line. */
  elapsedSeconds(): string {
    return ((this.now() - this.startedAt) / 1000).toFixed(1);
  }

  private size(): string {
    return this.totalBytes ? ` (${megabytes(this.totalBytes)})` : "";
  }

  private rate(completedBytes: number): string {
    if (!this.runningSince) return "";
    const seconds = (this.now() - this.runningSince.at) / 1000;
    if (seconds < 0.05 || completedBytes <= this.runningSince.bytes) return "";
    return `, ${megabytes((completedBytes - this.runningSince.bytes) / seconds)}/s`;
  }
}
