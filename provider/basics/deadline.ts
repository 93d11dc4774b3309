/** When a resource operation must end, as a time and as a signal that aborts then. */
export interface Deadline {
  readonly at: number;
  readonly signal: AbortSignal;
}

export function deadlineIn(ms: number): Deadline {
  return { at: Date.now() + ms, signal: AbortSignal.timeout(Math.max(1, ms)) };
}

/**
 * What `work` gives, or `expired()` once the deadline passes, whichever comes first. For work
 * shared with others (a batched read) that must go on for them: it is left running, unawaited.
 */
export function beforeDeadline<T>(work: Promise<T>, deadline: Deadline, expired: () => Error): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(expired());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(expired());
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => deadline.signal.removeEventListener("abort", onAbort));
  });
}
