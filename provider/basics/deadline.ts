/** How long an operation may take, and what set that bound: named in every message about it. */
export interface TimeLimit {
  readonly seconds: number;
  /** The setting that gave `seconds`: `downloadTimeoutSeconds`, `customTimeouts.create`. */
  readonly setBy: string;
}

/** When a resource operation must end, as a time and as signals that abort then. */
export interface Deadline {
  readonly at: number;
  /** How long the operation was given in all. */
  readonly allowedMs: number;
  /** Aborts at `at`, or as soon as the run is cancelled. */
  readonly signal: AbortSignal;
  /**
   * Aborts at `at` only: for a request whose answer must be read even in a cancelled run,
   * because it names what the server started.
   */
  readonly timeSignal: AbortSignal;
  /** The bound in words, for messages: "120 s (downloadTimeoutSeconds)". */
  readonly bound: string;
}

/** A deadline `limit` from now; `cancelled`, when given, ends it early. */
export function deadlineFor(limit: TimeLimit, cancelled?: AbortSignal): Deadline {
  const ms = limit.seconds * 1000;
  const timeSignal = AbortSignal.timeout(Math.max(1, ms));
  return {
    at: Date.now() + ms,
    allowedMs: ms,
    signal: cancelled ? AbortSignal.any([timeSignal, cancelled]) : timeSignal,
    timeSignal,
    bound: `${limit.seconds} s (${limit.setBy})`,
  };
}

/** The deadline ended because the run was cancelled, not because its time ran out. */
export function wasCancelled(deadline: Deadline): boolean {
  return deadline.signal.aborted && !deadline.timeSignal.aborted;
}

/**
 * What `work` gives, or `expired()` once the deadline passes, whichever comes first. For work
 * shared with others (a batched read) that must go on for them: it is left running, unawaited.
 */
export function beforeDeadline<T>(work: Promise<T>, deadline: Deadline, expired: () => Error): Promise<T> {
  return beforeAbort(work, deadline.signal, expired);
}

/** What `work` gives, or `expired()` once `signal` aborts; `work` is left running. */
export function beforeAbort<T>(work: Promise<T>, signal: AbortSignal, expired: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(expired());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(expired());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
