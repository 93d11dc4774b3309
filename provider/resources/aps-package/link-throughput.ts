/** How much busy time the rate spans: long enough that a round trip's uncertainty stays small. */
export const THROUGHPUT_WINDOW_MS = 2_000;
/** An interval older than this says nothing about the link now. */
const MAX_AGE_MS = 60_000;

interface Interval {
  readonly endedAt: number;
  readonly bytes: number;
  readonly ms: number;
}

/**
 * What an endpoint's download link moves, in bytes per ms, over the recent intervals between
 * two polls during which it stayed busy. One interval between two close polls is a poor
 * measure: when Plesk read its state is known only within the round trip, and 10 ms of doubt
 * over a 50 ms interval is a 20 % error, enough to look a fifth of a long download too late.
 * Over the window it is under 1 %.
 */
export class LinkThroughput {
  private readonly intervals: Interval[] = [];
  private busyMs = 0;

  constructor(private readonly windowMs: number = THROUGHPUT_WINDOW_MS) {}

  /**
   * Adds the interval between two polls. Only one the link was busy for from start to end
   * counts: in one where the last download finished early, the idle rest would dilute the rate.
   */
  add(endedAt: number, bytes: number, ms: number): void {
    if (ms <= 0 || bytes <= 0) return;
    this.intervals.push({ endedAt, bytes, ms });
    this.busyMs += ms;
    // The newest intervals that together last the window stay; the newest always does.
    while (this.intervals.length > 1) {
      const oldest = this.intervals[0];
      if (this.busyMs - oldest.ms < this.windowMs && endedAt - oldest.endedAt <= MAX_AGE_MS) break;
      this.intervals.shift();
      this.busyMs -= oldest.ms;
    }
  }

  /** Bytes per ms over the intervals kept; undefined before the first. */
  bytesPerMs(): number | undefined {
    if (this.intervals.length === 0) return undefined;
    let bytes = 0;
    for (const interval of this.intervals) bytes += interval.bytes;
    return bytes / this.busyMs;
  }
}
