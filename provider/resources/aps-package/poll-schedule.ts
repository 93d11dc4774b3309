import type { PendingStatus } from "./download-watcher";
import type { RateEstimate } from "./link-throughput";

/** How often to ask. Bounded both ways; see `nextPollDelayMs`. */
export interface TickPolicy {
  /** The soonest look at a download whose progress predicts its end, and the first at one just started. */
  readonly minMs: number;
  /**
   * For a running download whose rate is not known yet. Also how much sooner than its likeliest
   * end a download may end and still be looked for at the likeliest: a completion is noticed
   * within one short tick.
   */
  readonly shortMs: number;
  /** For queued tasks and for Windows' 0/0 reports, which say nothing about the end. */
  readonly idleMs: number;
  /** The longest wait between two looks at a running download. */
  readonly longMs: number;
  /** Consecutive failed polls after which every waiter fails (each poll already retries). */
  readonly maxFailedPolls: number;
}

const PAST_THE_END_MS = 5;

export const DEFAULT_TICKS: TickPolicy = { minMs: 25, shortMs: 100, idleMs: 2_000, longMs: 5_000, maxFailedPolls: 5 };

/** The last status seen of a watched download, and when; undefined while none was seen yet. */
export type LastSeen = { readonly status: PendingStatus; readonly at: number } | undefined;

/**
 * The next tick: when the first download should end at `rate`, the link's (downloads share
 * it, one after another), no sooner than `minMs`; short while running ones have no rate yet;
 * long while nothing can be predicted (queued, or Windows' 0/0).
 *
 * A rate measured over polls close together may be well off, and an end predicted too late is
 * noticed that much late. So when the earliest end the polls' timing allows comes more than
 * `shortMs` before the likeliest, the look comes at the earliest: finding the download still
 * running, it measures the rate over a longer span, and the next look is at the end. A closer
 * earliest end is not worth that look: one that finds the download nearly done costs `minMs`
 * and a round trip more before the look that finds it done.
 *
 * A download not yet seen waits for the soonest predicted end when there is one: Plesk runs a
 * transaction's tasks in turn, so a task started behind a running one cannot end before it,
 * and the look at that end sees the new task too. Otherwise it is looked at after `minMs`: a
 * small package is downloaded by then, and a large one is seen with its size. Looks are shared
 * and one at a time, so many starts still cost one look per round trip.
 */
export function nextPollDelayMs(ticks: TickPolicy, watched: Iterable<LastSeen>, rate: RateEstimate | undefined, now: number): number {
  const { minMs, shortMs, idleMs, longMs } = ticks;
  let delay = longMs;
  let predicted = false;
  let unseen = false;
  for (const last of watched) {
    let wanted: number;
    if (!last) {
      unseen = true;
      continue;
    }
    if (last.status.state === "queued" || last.status.totalBytes === 0) wanted = idleMs;
    else if (rate === undefined) wanted = shortMs;
    else {
      const remainingBytes = last.status.totalBytes - last.status.completedBytes;
      const likeliestEnd = remainingBytes / rate.bytesPerMs - (now - last.at);
      const earliestEnd = remainingBytes / rate.fastestBytesPerMs - (now - last.at);
      // A little past the likeliest end, so the look finds it done rather than nearly done.
      wanted = Math.max(minMs, likeliestEnd - earliestEnd > shortMs ? earliestEnd : likeliestEnd + PAST_THE_END_MS);
      predicted = true;
    }
    delay = Math.min(delay, wanted);
  }
  return unseen && !predicted ? Math.min(delay, minMs) : delay;
}
