import { getPackages, listServerPackages, type ApsServerPackage } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";
import { batchOrEach } from "./batch-fallback";

/**
 * A refresh issues its reads as a burst, but Pulumi's host hands them over one by one (about
 * 1 ms apart for 300 resources): a packet leaves once no read has joined for `quietMs`, and
 * never later than `maxWaitMs` after the first one queued.
 */
export interface ReadWindow {
  readonly quietMs: number;
  readonly maxWaitMs: number;
}

export const DEFAULT_READ_WINDOW: ReadWindow = { quietMs: 20, maxWaitMs: 1_000 };
const MAX_IDS_PER_PACKET = 500;

interface Pending<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Reads of one endpoint that arrive together share one `get-packages-list` packet: by id (one
 * packet with many `package-id`s, answers matched by id), or the whole server list for the
 * creates that look for a package to adopt. Read-only, so batching changes nothing on Plesk.
 */
export class PackageReads {
  private byId = new Map<string, Pending<ApsServerPackage | undefined>[]>();
  private listWaiters: Pending<ApsServerPackage[]>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstQueuedAt = 0;

  constructor(
    private readonly client: PleskClient,
    private readonly window: ReadWindow = DEFAULT_READ_WINDOW,
  ) {}

  /** The package, or undefined when Plesk says it does not exist. */
  get(packageId: string): Promise<ApsServerPackage | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.byId.get(packageId) ?? [];
      waiters.push({ resolve, reject });
      this.byId.set(packageId, waiters);
      this.schedule();
    });
  }

  /** Every package on the server. */
  listAll(): Promise<ApsServerPackage[]> {
    return new Promise((resolve, reject) => {
      this.listWaiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    const now = Date.now();
    if (this.timer === undefined) this.firstQueuedAt = now;
    clearTimeout(this.timer);
    const delay = Math.min(this.window.quietMs, this.firstQueuedAt + this.window.maxWaitMs - now);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const byId = this.byId;
    const listWaiters = this.listWaiters;
    this.byId = new Map();
    this.listWaiters = [];
    await Promise.all([this.answerIds(byId), listWaiters.length ? this.answerList(listWaiters) : undefined]);
  }

  private async answerList(waiters: Pending<ApsServerPackage[]>[]): Promise<void> {
    try {
      const packages = await listServerPackages(this.client);
      for (const waiter of waiters) waiter.resolve(packages);
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  private async answerIds(byId: Map<string, Pending<ApsServerPackage | undefined>[]>): Promise<void> {
    const ids = [...byId.keys()];
    const chunks = Array.from({ length: Math.ceil(ids.length / MAX_IDS_PER_PACKET) }, (_, i) =>
      ids.slice(i * MAX_IDS_PER_PACKET, (i + 1) * MAX_IDS_PER_PACKET),
    );
    await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const found = await batchOrEach(chunk, (ids) => getPackages(this.client, ids));
          for (const id of chunk) for (const waiter of byId.get(id)!) waiter.resolve(found.get(id));
        } catch (error) {
          for (const id of chunk) for (const waiter of byId.get(id)!) waiter.reject(error);
        }
      }),
    );
  }
}
