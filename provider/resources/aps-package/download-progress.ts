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

  /**
   * `resumed`: the download was started by an earlier run, so it may be well under way when this
   * wait begins; its rate then counts from the first look, and its time only from the resume.
   */
  private readonly resumed: boolean;
  private readonly now: () => number;

  constructor(
    private readonly label: string,
    private readonly taskId: string,
    private readonly say: (line: string) => void,
    { resumed = false, now = Date.now }: { readonly resumed?: boolean; readonly now?: () => number } = {},
  ) {
    this.resumed = resumed;
    this.now = now;
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
      // Seen running at once, a download this run started began about when the wait began; after
      // queueing, or resumed, its start is unknown, so the rate counts from this first sight.
      this.runningSince =
        this.state === "new" && !this.resumed ? { at: this.startedAt, bytes: 0 } : { at: this.now(), bytes: status.completedBytes };
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

  /** The closing line's account: the size, and how long it took, or for a resumed download how long this run waited. */
  summary(): string {
    const seconds = ((this.now() - this.startedAt) / 1000).toFixed(1);
    const size = this.totalBytes ? megabytes(this.totalBytes) : undefined;
    if (this.resumed) return ` (${size ? `${size}; ` : ""}resumed, ${seconds} s of waiting in this run)`;
    return size ? ` (${size} in ${seconds} s)` : "";
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
