/** How much busy time the rate spans: long enough that a round trip's uncertainty stays small. */
export const THROUGHPUT_WINDOW_MS = 2_000;
/** An interval older than this says nothing about the link now. */
const MAX_AGE_MS = 60_000;

/**
 * When a poll saw the server's state. Plesk read it somewhere within the round trip: `at` is its
 * middle, `doubtMs` half the round trip, the most `at` can be off.
 */
export interface PollTime {
  readonly at: number;
  readonly doubtMs: number;
}

/** Bytes per ms, and the most the polls' timing allows it to be. */
export interface RateEstimate {
  readonly bytesPerMs: number;
  /** What the bytes give over the shortest span the polls can have been apart. */
  readonly fastestBytesPerMs: number;
}

interface Interval {
  readonly from: PollTime;
  readonly to: PollTime;
  readonly bytes: number;
}

/**
 * What an endpoint's download link moves, in bytes per ms, over the recent intervals between
 * two polls during which it stayed busy. One interval between two close polls is a poor
 * measure: 10 ms of doubt over a 50 ms interval is a 20 % error, enough to look a fifth of a
 * long download too late. Over the window it is under 1 %, and the estimate says how much
 * doubt is left: only the first and last poll of a run of adjoining intervals add to it.
 */
export class LinkThroughput {
  private readonly intervals: Interval[] = [];
  private busyMs = 0;

  constructor(private readonly windowMs: number = THROUGHPUT_WINDOW_MS) {}

  /**
   * Adds the interval between two polls. Only one the link was busy for from start to end
   * counts: in one where the last download finished early, the idle rest would dilute the rate.
   */
  add(from: PollTime, to: PollTime, bytes: number): void {
    const ms = to.at - from.at;
    if (ms <= 0 || bytes <= 0) return;
    this.intervals.push({ from, to, bytes });
    this.busyMs += ms;
    // The newest intervals that together last the window stay; the newest always does.
    while (this.intervals.length > 1) {
      const oldest = this.intervals[0];
      const oldestMs = oldest.to.at - oldest.from.at;
      if (this.busyMs - oldestMs < this.windowMs && to.at - oldest.to.at <= MAX_AGE_MS) break;
      this.intervals.shift();
      this.busyMs -= oldestMs;
    }
  }

  /** Over the intervals kept; undefined before the first. */
  rate(): RateEstimate | undefined {
    if (this.intervals.length === 0) return undefined;
    let bytes = 0;
    let doubtMs = 0;
    let previous: Interval | undefined;
    for (const interval of this.intervals) {
      bytes += interval.bytes;
      // Adjoining intervals share a poll: its doubt moves time between them, not out of the span.
      doubtMs +=
        previous?.to.at === interval.from.at ? interval.to.doubtMs - previous.to.doubtMs : interval.from.doubtMs + interval.to.doubtMs;
      previous = interval;
    }
    return estimate(bytes, this.busyMs, doubtMs);
  }
}

function estimate(bytes: number, ms: number, doubtMs: number): RateEstimate {
  const shortestMs = ms - doubtMs;
  return { bytesPerMs: bytes / ms, fastestBytesPerMs: shortestMs > 0 ? bytes / shortestMs : Number.POSITIVE_INFINITY };
}
