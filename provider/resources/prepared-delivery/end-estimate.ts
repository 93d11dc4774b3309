/** One look at a preparation in progress: the whole percent GetApp said, and the round trip it was read within. */
export interface ProgressSighting {
  readonly percent: number;
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** The earliest and latest moment the preparation can end, given every sighting. */
export interface EndBounds {
  readonly earliest: number;
  readonly latest: number;
}

/** A line a·t + b = level in the (a, b) plane, and which side of it is allowed. */
interface Bound {
  readonly t: number;
  readonly level: number;
  readonly atLeast: boolean;
}

/** Sightings kept: enough to pin the end, few enough that each estimate stays cheap. */
const MAX_SIGHTINGS = 24;
const TOLERANCE = 1e-9;
/** The slowest rate considered, in percent per ms (a month for the whole copy): it closes the polygon. */
const SLOWEST_RATE = 100 / (30 * 24 * 3600 * 1000);

/**
 * When a preparation ends, from the whole percents GetApp reports. A copy advances at a steady
 * rate, so progress is p(t) = a·t + b; a sighting of k percent says k <= p(t) < k + 1 at some t
 * of its round trip. The lines (a, b) that agree with every sighting form a convex polygon, and
 * its corners bound the end, p = 100. Each well-placed look halves that range, so the end is
 * known to a few ms after a handful of looks, where a rate alone is off by a whole percent.
 */
export class EndEstimate {
  private sightings: ProgressSighting[] = [];
  /** The polygon's corners for the sightings kept, worked out once per sighting. */
  private polygon: { a: number; b: number }[] = [];
  /** Times are taken from here: small numbers keep the arithmetic exact enough. */
  private origin: number | undefined;

  add(sighting: ProgressSighting): void {
    this.origin ??= sighting.sentAt;
    this.sightings.push(sighting);
    // The first sighting is kept: the longest span gives the truest rate.
    if (this.sightings.length > MAX_SIGHTINGS) this.sightings.splice(1, 1);
    this.polygon = this.corners();
    // Sightings that no steady rate explains (GetApp slowed down, or restarted): keep the last two.
    if (this.polygon.length === 0) {
      this.sightings = this.sightings.slice(-2);
      this.polygon = this.corners();
    }
  }

  /** Undefined until two sightings differ by at least one percent, or when they disagree. */
  bounds(): EndBounds | undefined {
    const percents = this.sightings.map((s) => s.percent);
    if (Math.max(...percents) === Math.min(...percents)) return undefined;
    const ends = this.polygon.map(({ a, b }) => (100 - b) / a);
    if (ends.length === 0) return undefined;
    return { earliest: this.origin! + Math.min(...ends), latest: this.origin! + Math.max(...ends) };
  }

  /**
   * A moment in [from, to] at which a look splits the end's range about in two: where progress
   * crosses a whole percent if the preparation ends at the range's middle. Undefined when no
   * crossing falls in the window or nothing is known yet.
   */
  splittingLook(from: number, to: number): number | undefined {
    const bounds = this.bounds();
    if (!bounds || from > to) return undefined;
    const rate = this.polygon.reduce((sum, { a }) => sum + a, 0) / this.polygon.length;
    const middle = (bounds.earliest + bounds.latest) / 2;
    const percent = Math.floor(100 - (middle - to) * rate);
    const at = middle - (100 - percent) / rate;
    return at >= from && at <= to ? at : undefined;
  }

  /** Corners of the polygon of (a, b) allowed by every sighting, with a >= SLOWEST_RATE. */
  private corners(): { a: number; b: number }[] {
    const origin = this.origin ?? 0;
    const bounds: Bound[] = this.sightings.flatMap(({ percent, sentAt, answeredAt }) => [
      // Read after sentAt and before answeredAt, on a rising line:
      { t: answeredAt - origin, level: percent, atLeast: true },
      { t: sentAt - origin, level: percent + 1, atLeast: false },
    ]);
    const allowed = ({ a, b }: { a: number; b: number }) =>
      a >= SLOWEST_RATE - TOLERANCE &&
      bounds.every(({ t, level, atLeast }) => (atLeast ? a * t + b >= level - TOLERANCE : a * t + b <= level + TOLERANCE));
    const corners: { a: number; b: number }[] = [];
    for (const { t, level } of bounds) {
      const corner = { a: SLOWEST_RATE, b: level - SLOWEST_RATE * t };
      if (allowed(corner)) corners.push(corner);
    }
    for (let i = 0; i < bounds.length; i++) {
      for (let j = i + 1; j < bounds.length; j++) {
        const [p, q] = [bounds[i], bounds[j]];
        if (p.t === q.t) continue;
        const a = (p.level - q.level) / (p.t - q.t);
        const corner = { a, b: p.level - a * p.t };
        if (allowed(corner)) corners.push(corner);
      }
    }
    return corners;
  }
}

/** How the next look at a preparation in progress is placed. */
export interface LookWindow {
  /** The soonest next look. */
  readonly minMs: number;
  /** The longest wait between two looks. */
  readonly longMs: number;
  /** How wide the end's range may be when the look meant to find it done is placed. */
  readonly precisionMs: number;
}

const PAST_THE_END_MS = 5;

/**
 * When to look next, or undefined while the end cannot be bounded. Before the earliest possible
 * end: as late as allowed (the longer the span watched, the truer the rate), at a moment that
 * also splits the end's range. Once the range is narrower than `precisionMs`: just
 * past its latest moment. Inside the range: at its middle, which halves it or finds the end.
 */
export function nextLookAt(estimate: EndEstimate, now: number, window: LookWindow): number | undefined {
  const bounds = estimate.bounds();
  if (!bounds) return undefined;
  const { earliest, latest } = bounds;
  const soonest = now + window.minMs;
  const horizon = now + window.longMs;
  const sure = Math.max(soonest, latest + PAST_THE_END_MS);
  if (latest - earliest <= window.precisionMs && sure <= horizon) return sure;
  // As late as allowed, and where a whole percent would be crossed if the end were the range's middle.
  if (earliest > soonest) {
    const before = Math.min(horizon, earliest);
    return estimate.splittingLook(soonest, before) ?? before;
  }
  return Math.min(horizon, Math.max(soonest, (earliest + latest) / 2));
}
