import type { Deadline } from "../../basics/deadline";
import { DescribedError } from "../../basics/errors";
import type { DeliveryStatus } from "../../getapp/delivery-api";
import { isGetAppApiError } from "../../getapp/errors";
import { EndEstimate, nextLookAt } from "./end-estimate";

/** Where a wait ends: GetApp finished, failed, or evicted the delivery. */
export type SettledDelivery = DeliveryStatus & { readonly state: "done" | "error" | "delete" };

export interface DeliveryTicks {
  /** The soonest look at a preparation whose progress predicts its end. */
  readonly minMs: number;
  /** Right after a POST, doubling while nothing moves. */
  readonly shortMs: number;
  /** For `pending`, queued behind other preparations. */
  readonly idleMs: number;
  /**
   * The longest wait between two looks while progress predicts the end: each look is one
   * request per delivery, and between two of them the end's estimate only gets sharper.
   */
  readonly longMs: number;
  /**
   * Looks due this soon after a tick ride along with it. Small: a look taken early may miss an
   * end it was placed just after.
   */
  readonly coalesceMs: number;
  /** Consecutive failed looks at one delivery after which its waiters fail. */
  readonly maxFailedPolls: number;
}

export const DEFAULT_DELIVERY_TICKS: DeliveryTicks = {
  minMs: 50,
  shortMs: 100,
  idleMs: 2_000,
  longMs: 15_000,
  coalesceMs: 10,
  maxFailedPolls: 5,
};

/** The wait ended before the preparation did; it goes on in GetApp. */
export class DeliveryDeadlineError extends DescribedError {
  constructor(
    readonly catalogId: string,
    readonly lastStatus: DeliveryStatus | undefined,
  ) {
    super("DELIVERY_WAIT_ENDED", `delivery ${catalogId} was not ready when the wait ended`);
    this.name = "DeliveryDeadlineError";
  }
}

export interface DeliveryWaitOptions {
  /** When to stop waiting (GetApp goes on preparing): its time, or a cancelled run. */
  readonly deadline: Deadline;
  readonly onStatus?: (status: DeliveryStatus) => void;
}

interface Waiter {
  readonly options: DeliveryWaitOptions;
  readonly resolve: (status: SettledDelivery) => void;
  readonly reject: (error: Error) => void;
}

interface Watch {
  readonly waiters: Waiter[];
  dueAt: number;
  /** A look is on its way: the next one is placed when it answers. */
  looking: boolean;
  /** Looks in a row that found nothing moving; stretches the interval. */
  quietLooks: number;
  failedPolls: number;
  /** The last status seen while not settled. */
  last?: DeliveryStatus;
  /** When the copy ends, from every look at it in progress. */
  readonly estimate: EndEstimate;
}

/**
 * Watches every waiting delivery of one GetApp server on one timer. GetApp has no status call
 * for many ids, so a tick asks for each delivery that is due, and those due within
 * `coalesceMs` ride along. Each look goes its own way: a slow answer for one delivery never
 * holds back the look due for another, and each is asked as often as its own progress calls for.
 */
export class DeliveryWatcher {
  private readonly watches = new Map<string, Watch>();
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly fetchStatus: (catalogId: string) => Promise<DeliveryStatus>,
    private readonly ticks: DeliveryTicks = DEFAULT_DELIVERY_TICKS,
  ) {}

  wait(catalogId: string, options: DeliveryWaitOptions): Promise<SettledDelivery> {
    return new Promise((resolve, reject) => {
      let watch = this.watches.get(catalogId);
      if (!watch) {
        watch = {
          waiters: [],
          dueAt: Date.now() + this.ticks.shortMs,
          looking: false,
          quietLooks: 0,
          failedPolls: 0,
          estimate: new EndEstimate(),
        };
        this.watches.set(catalogId, watch);
      }
      watch.waiters.push({ options, resolve, reject });
      // A cancelled run ends the wait now, not at its time.
      options.deadline.signal.addEventListener(
        "abort",
        () => {
          this.expireDeadlines();
          this.schedule();
        },
        { once: true },
      );
      this.schedule();
    });
  }

  private schedule(): void {
    let dueAt = Number.POSITIVE_INFINITY;
    for (const watch of this.watches.values()) {
      if (!watch.looking) dueAt = Math.min(dueAt, watch.dueAt);
      for (const waiter of watch.waiters) dueAt = Math.min(dueAt, waiter.options.deadline.at);
    }
    if (dueAt === Number.POSITIVE_INFINITY) {
      // Nothing waits any more: a timer armed for an ended wait's deadline would only keep the process up.
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDueAt = dueAt;
      return;
    }
    if (dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => this.tick(), Math.max(0, dueAt - Date.now()));
  }

  private tick(): void {
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    this.expireDeadlines();
    const horizon = Date.now() + this.ticks.coalesceMs;
    for (const [catalogId, watch] of this.watches) {
      if (watch.looking || watch.dueAt > horizon) continue;
      watch.looking = true;
      void this.look(catalogId, watch)
        .catch((error: Error) => this.settle(catalogId, watch, (waiter) => waiter.reject(error)))
        .finally(() => {
          watch.looking = false;
          this.schedule();
        });
    }
    this.schedule();
  }

  private async look(catalogId: string, watch: Watch): Promise<void> {
    const sentAt = Date.now();
    let status: DeliveryStatus;
    try {
      status = await this.fetchStatus(catalogId);
      watch.failedPolls = 0;
    } catch (error) {
      watch.failedPolls++;
      const refused = isGetAppApiError(error) && error.httpStatus < 500;
      if (refused || watch.failedPolls >= this.ticks.maxFailedPolls)
        this.settle(catalogId, watch, (waiter) => waiter.reject(error as Error));
      else watch.dueAt = Date.now() + this.ticks.shortMs * 2 ** watch.failedPolls;
      return;
    }
    const answeredAt = Date.now();
    if (status.state === "done" || status.state === "error" || status.state === "delete") {
      this.settle(catalogId, watch, (waiter) => waiter.resolve(status as SettledDelivery));
      return;
    }
    const moved = watch.last !== undefined && status.progress > watch.last.progress;
    if (status.state === "inProgress") watch.estimate.add({ percent: status.progress, sentAt, answeredAt });
    watch.quietLooks = moved ? 0 : watch.quietLooks + 1;
    watch.last = status;
    watch.dueAt = this.nextLookAt(watch, status, answeredAt);
    for (const waiter of watch.waiters) waiter.options.onStatus?.(status);
  }

  /**
   * In progress: as the end's estimate places it (see `nextLookAt`). Otherwise short, doubling
   * while nothing moves; `idleMs` while queued; never more than `longMs` apart.
   */
  private nextLookAt(watch: Watch, status: DeliveryStatus, now: number): number {
    const { minMs, shortMs, idleMs, longMs } = this.ticks;
    if (status.state === "pending") return now + idleMs;
    const estimated = status.state === "inProgress" ? nextLookAt(watch.estimate, now, { minMs, longMs, precisionMs: shortMs }) : undefined;
    return estimated ?? now + Math.min(longMs, shortMs * 2 ** Math.min(watch.quietLooks, 10));
  }

  /**
   * Ends the waits of the watch a look was taken for. A later watch of the same delivery, begun
   * after this one's waits all ran out, was not asked about: it goes on with its own looks.
   */
  private settle(catalogId: string, watch: Watch, finish: (waiter: Waiter) => void): void {
    if (this.watches.get(catalogId) === watch) this.watches.delete(catalogId);
    for (const waiter of watch.waiters.splice(0)) finish(waiter);
  }

  private expireDeadlines(): void {
    const now = Date.now();
    const ended = (waiter: Waiter) => waiter.options.deadline.at <= now || waiter.options.deadline.signal.aborted;
    for (const [catalogId, watch] of this.watches) {
      const expired = watch.waiters.filter(ended);
      if (expired.length === 0) continue;
      watch.waiters.splice(0, watch.waiters.length, ...watch.waiters.filter((waiter) => !ended(waiter)));
      if (watch.waiters.length === 0) this.watches.delete(catalogId);
      for (const waiter of expired) waiter.reject(new DeliveryDeadlineError(catalogId, watch.last));
    }
  }
}
