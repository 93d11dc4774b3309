import { getPackages, listServerPackages, type ApsServerPackage } from "../../plesk/aps";
import type { PleskClient } from "../../plesk/client";
import { canonicalId } from "../../plesk/result-matching";
import { batchOrEach } from "./batch-fallback";
import { ReadActivity, type ServerReads } from "./read-activity";

/**
 * A refresh issues its reads as a burst, but Pulumi's host hands them over one by one (about
 * 1 ms apart for 300 resources): a packet leaves once no read has joined for `quietMs`, and
 * never later than `maxWaitMs` after the first one queued.
 */
export interface ReadWindow {
  readonly quietMs: number;
  readonly maxWaitMs: number;
  /**
   * How long a whole-server list answers reads by id. Reads that keep coming (a refresh under
   * the CLI's `--parallel`, a few at a time) then cost one list packet instead of one packet
   * per few ids. The provider host lives for one CLI command, so a list never outlives it.
   */
  readonly listTrustMs: number;
  /**
   * A burst this large asks for the whole list at once. The CLI lets at most `--parallel` reads
   * through at a time (8 by default on two CPUs, more on larger machines), so such a burst is
   * most likely the first of a refresh of more: its reads and the bursts that follow share
   * one packet instead of a packet by id and then a list.
   */
  readonly listFromReads: number;
  /**
   * How far back reads by id on other servers count toward `listFromReads`, for a server this
   * process has not searched (a refresh): a fleet's refresh spreads its bursts over servers.
   */
  readonly burstWindowMs: number;
  /**
   * How long a whole list, kept up to date by every package read by id since, answers the
   * creates' searches for a package to adopt. A run's own downloads are read back by id, so
   * they join it; what someone else adds meanwhile is seen at the next list.
   */
  readonly searchTrustMs: number;
}

export const DEFAULT_READ_WINDOW: ReadWindow = {
  quietMs: 20,
  maxWaitMs: 1_000,
  listTrustMs: 30_000,
  listFromReads: 8,
  burstWindowMs: 1_000,
  searchTrustMs: 300_000,
};
const MAX_IDS_PER_PACKET = 500;

/** What tells a refresh's burst of reads apart, for the reads of one server or of many. */
export function readActivityFor(window: ReadWindow): ReadActivity {
  return new ReadActivity(window.listFromReads, window.burstWindowMs);
}

interface Pending<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/** The whole server list, and when it was asked for. */
interface ServerList {
  readonly byId: ReadonlyMap<string, ApsServerPackage>;
  readonly askedAt: number;
}

/** What a read by id said of one package (undefined: not on the server), and when it was answered. */
interface ReadById {
  readonly found: ApsServerPackage | undefined;
  readonly at: number;
}

/**
 * Reads of one endpoint that arrive together share one `get-packages-list` packet: by id (one
 * packet with many `package-id`s, answers matched by id), or the whole server list for the
 * creates that look for a package to adopt. Read-only, so batching changes nothing on Plesk.
 *
 * When a burst is large or reads keep coming, the whole list is asked for and answers the reads
 * that follow while it can be trusted: for `listTrustMs`, and only until this provider changes
 * the server (`forget`). A package the list lacks is asked for by id: it may have arrived since.
 */
export class PackageReads implements ServerReads {
  private byId = new Map<string, Pending<ApsServerPackage | undefined>[]>();
  private listWaiters: Pending<ApsServerPackage[]>[] = [];
  /** Searches waiting for the whole list on its way. */
  private searchWaiters: Pending<ApsServerPackage[]>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstQueuedAt = 0;
  private lastIdPacketAt = Number.NEGATIVE_INFINITY;
  private serverList: ServerList | undefined;
  /** The last whole list, whatever changed since, for searches; what reads by id said after it was asked wins. */
  private searchList: ServerList | undefined;
  private readSince = new Map<string, ReadById>();
  /** Ids a trusted list lacks: asked for by id, never answered by another list. */
  private unlisted = new Set<string>();
  /** Counts this provider's changes to the server: a list asked for before one is never kept. */
  private changes = 0;
  /**
   * One whole list on its way at a time: reads and searches that come meanwhile wait for it to
   * land and then share one packet, instead of a list each queueing at the panel's few workers
   * ahead of the status polls.
   */
  private listOnItsWay = false;
  private listOnItsWaySince = 0;
  /** The shortest time a create waited for the list on its way before it gave up; undefined: none gave up. */
  private listGivenUpAfterMs: number | undefined;
  private flushWhenListLands = false;
  /** Asked for its list ahead of its reads once in this process: a server that fails it is not asked again. */
  private listedAhead = false;

  /** `activity` is shared by the reads of every server in the process; a server of its own when absent. */
  constructor(
    private readonly client: PleskClient,
    private readonly window: ReadWindow = DEFAULT_READ_WINDOW,
    private readonly activity: ReadActivity = readActivityFor(window),
  ) {
    activity.join(this);
  }

  /** The package, or undefined when Plesk says it does not exist. */
  get(packageId: string): Promise<ApsServerPackage | undefined> {
    const list = this.trustedList();
    const listed = list?.byId.get(canonicalId(packageId));
    if (listed) return Promise.resolve(listed);
    // Not in a list still trusted: it may have arrived since, so it is asked for by id alone.
    if (list) this.unlisted.add(packageId);
    this.activity.asked(Date.now());
    return new Promise((resolve, reject) => {
      const waiters = this.byId.get(packageId) ?? [];
      waiters.push({ resolve, reject });
      this.byId.set(packageId, waiters);
      this.schedule();
    });
  }

  /**
   * The packages the server holds as far as this process knows: the last whole list with every
   * read by id since, while it is younger than `searchTrustMs`; else the whole list on its way
   * once it lands; else a new list. For searches only: a package found here is read by id
   * before it is used.
   */
  search(): Promise<ApsServerPackage[]> {
    const known = this.knownForSearches();
    if (known) return Promise.resolve(known);
    if (!this.listOnItsWay) return this.listAll();
    // A list asked for before this search came serves it as one that landed before would.
    return new Promise((resolve, reject) => this.searchWaiters.push({ resolve, reject }));
  }

  /** Every package on the server, asked for now. */
  listAll(): Promise<ApsServerPackage[]> {
    return new Promise((resolve, reject) => {
      this.listWaiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /**
   * Another server's refresh needs its whole list: this one's reads are most likely next in the
   * state, so its list is asked for now. Only for a server this process has neither listed,
   * changed nor read yet.
   */
  listAhead(): void {
    const untouched = this.changes === 0 && this.searchList === undefined && this.readSince.size === 0;
    const idle = !this.listOnItsWay && this.timer === undefined;
    if (this.listedAhead || !untouched || !idle) return;
    this.listedAhead = true;
    void this.answerFromList([], new Map(), { forReads: true });
  }

  /** A create that could wait `allowedMs` gave up waiting for the whole list on its way. */
  gaveUpOnList(allowedMs: number): void {
    if (this.listOnItsWay) this.listGivenUpAfterMs = Math.min(this.listGivenUpAfterMs ?? Number.POSITIVE_INFINITY, allowedMs);
  }

  /**
   * How long the whole list on its way has gone unanswered, when a create that could wait no
   * longer than `allowedMs` already gave up waiting for it; undefined otherwise.
   */
  abandonedListMs(allowedMs: number): number | undefined {
    const givenUp = this.listOnItsWay && this.listGivenUpAfterMs !== undefined && allowedMs <= this.listGivenUpAfterMs;
    return givenUp ? Date.now() - this.listOnItsWaySince : undefined;
  }

  /** This provider changed the server: no list asked for before may answer a read any more. */
  forget(): void {
    this.changes++;
    this.serverList = undefined;
  }

  private trustedList(): ServerList | undefined {
    const list = this.serverList;
    return list && Date.now() - list.askedAt <= this.window.listTrustMs ? list : undefined;
  }

  /** The last whole list with every read by id since, while searches may trust it. */
  private knownForSearches(): ApsServerPackage[] | undefined {
    const list = this.searchList;
    if (!list || Date.now() - list.askedAt > this.window.searchTrustMs) return undefined;
    const known = new Map(list.byId);
    for (const [id, read] of this.readSince) {
      if (read.found) known.set(id, read.found);
      else known.delete(id);
    }
    return [...known.values()];
  }

  private schedule(): void {
    const now = Date.now();
    if (this.timer === undefined) this.firstQueuedAt = now;
    clearTimeout(this.timer);
    // A burst that will be answered by the whole list gains nothing by waiting for more reads.
    const quietMs = this.isRefreshBurst(this.byId) ? 0 : this.window.quietMs;
    const delay = Math.min(quietMs, this.firstQueuedAt + this.window.maxWaitMs - now);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.listOnItsWay) {
      this.flushWhenListLands = true;
      return;
    }
    const { byId, listWaiters, unlisted } = this;
    this.byId = new Map();
    this.listWaiters = [];
    this.unlisted = new Set();
    const alone = new Map([...byId].filter(([id]) => unlisted.has(id)));
    let rest = new Map([...byId].filter(([id]) => !unlisted.has(id)));
    // Reads that waited for a list to land: those it holds are answered, the others asked for by id.
    const list = this.trustedList();
    if (list) {
      for (const [id, waiters] of answerListed(list, rest)) alone.set(id, waiters);
      rest = new Map();
    }
    await Promise.all([alone.size > 0 ? this.answerIds(alone) : undefined, this.answerRest(listWaiters, rest)]);
  }

  /**
   * By id when reads come alone or in a small burst; by the whole list for a search, or in a
   * refresh for a large burst or once reads keep coming.
   */
  private async answerRest(listWaiters: Pending<ApsServerPackage[]>[], byId: Map<string, Pending<ApsServerPackage | undefined>[]>) {
    if (listWaiters.length > 0) return this.answerFromList(listWaiters, byId);
    if (this.isRefreshBurst(byId) || this.refreshReadsKeepComing(byId)) {
      this.activity.refreshListed(this);
      return this.answerFromList([], byId);
    }
    if (byId.size === 0) return;
    this.lastIdPacketAt = Date.now();
    return this.answerIds(byId);
  }

  /**
   * Reads enough to be answered by the whole list (`listFromReads`, in a refresh counted over
   * every server), before this provider changed the server. After a change, reads are the
   * read-backs of what it changed: they name their ids, and a list of the whole server for each
   * few of them would cost more than it answers.
   */
  private isRefreshBurst(byId: ReadonlyMap<string, unknown>): boolean {
    if (this.changes !== 0 || byId.size === 0) return false;
    if (byId.size >= this.window.listFromReads) return true;
    // A server never searched is being refreshed: the burst counts on every server.
    return this.searchList === undefined && this.activity.isBurst(Date.now());
  }

  private refreshReadsKeepComing(byId: ReadonlyMap<string, unknown>): boolean {
    return this.changes === 0 && byId.size > 0 && Date.now() - this.lastIdPacketAt <= this.window.listTrustMs;
  }

  /**
   * One whole list for the creates that search it and the reads by id; ids it lacks are asked
   * for. `forReads`: kept for the reads that follow even with none waiting (a list ahead).
   */
  private async answerFromList(
    listWaiters: Pending<ApsServerPackage[]>[],
    byId: Map<string, Pending<ApsServerPackage | undefined>[]>,
    { forReads = byId.size > 0 } = {},
  ): Promise<void> {
    const askedAt = Date.now();
    const changesBefore = this.changes;
    let packages: ApsServerPackage[];
    this.listOnItsWay = true;
    this.listOnItsWaySince = askedAt;
    this.listGivenUpAfterMs = undefined;
    try {
      packages = await listServerPackages(this.client);
    } catch (error) {
      this.listLanded();
      for (const waiter of [...listWaiters, ...[...byId.values()].flat()]) waiter.reject(error);
      return;
    }
    const list = { byId: new Map(packages.map((pkg) => [canonicalId(pkg.id), pkg])), askedAt };
    this.keepForSearches(list);
    // Kept for the reads that follow only when reads by id asked for it (a creates' search is
    // no refresh), and not when this provider changed the server while it was on its way.
    const keep = forReads && this.changes === changesBefore && (this.serverList?.askedAt ?? 0) <= askedAt;
    if (keep) this.serverList = list;
    this.listLanded();
    for (const waiter of listWaiters) waiter.resolve(packages);
    const unlisted = answerListed(list, byId);
    if (unlisted.size > 0) await this.answerIds(unlisted);
  }

  /** A list newer than the one searches use replaces it; reads by id answered after it was asked still win. */
  private keepForSearches(list: ServerList): void {
    if (list.askedAt < (this.searchList?.askedAt ?? Number.NEGATIVE_INFINITY)) return;
    this.searchList = list;
    this.readSince = new Map([...this.readSince].filter(([, read]) => read.at >= list.askedAt));
  }

  /** The reads that came while the list was on its way go now, answered by it where it is trusted. */
  private listLanded(): void {
    this.listOnItsWay = false;
    // Searches share the view of the list that landed (one copy of it, not one per search); when
    // it failed they ask for their own, together.
    const searches = this.searchWaiters;
    this.searchWaiters = [];
    if (searches.length > 0) {
      const known = this.knownForSearches();
      const answer = known ? Promise.resolve(known) : this.listAll();
      for (const waiter of searches) answer.then(waiter.resolve, waiter.reject);
    }
    if (!this.flushWhenListLands) return;
    this.flushWhenListLands = false;
    clearTimeout(this.timer);
    void this.flush();
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
          const at = Date.now();
          for (const id of chunk) this.readSince.set(canonicalId(id), { found: found.get(id), at });
          for (const id of chunk) for (const waiter of byId.get(id)!) waiter.resolve(found.get(id));
        } catch (error) {
          for (const id of chunk) for (const waiter of byId.get(id)!) waiter.reject(error);
        }
      }),
    );
  }
}

/** Answers the reads a list holds; returns those it lacks. */
function answerListed(
  list: ServerList,
  byId: Map<string, Pending<ApsServerPackage | undefined>[]>,
): Map<string, Pending<ApsServerPackage | undefined>[]> {
  const unlisted = new Map<string, Pending<ApsServerPackage | undefined>[]>();
  for (const [id, waiters] of byId) {
    const listed = list.byId.get(canonicalId(id));
    if (listed) for (const waiter of waiters) waiter.resolve(listed);
    else unlisted.set(id, waiters);
  }
  return unlisted;
}
