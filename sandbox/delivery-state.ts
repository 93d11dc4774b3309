import { artifactHash } from "./artifact-bytes";
import type { CatalogArtifact, DeliveryCatalog, DeliveryItem } from "./delivery-catalog";
import type { SandboxClock } from "./clock";

export const DELIVERY_STATUSES = ["start", "inProgress", "done", "error", "delete", "pending"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What GetApp answers for a prepared delivery (docs/protocol.md, the status body). */
export interface DeliveryStatusBody {
  catalogId: string;
  status: DeliveryStatus;
  progress: number;
  size?: number;
  /** Deprecated in GetApp: the first artifact's URL. */
  url?: string;
  artifacts: ArtifactBody[];
  error?: { errorCode: string; message: string };
}

export interface ArtifactBody {
  catalogId: string;
  id: number;
  itemKey: string;
  artifactType?: string;
  metaData?: string;
  url: string;
  size: number;
  hash: { algorithm: string; hash: string };
  signature?: string;
  isExecutable?: boolean;
  arguments?: string;
}

/** Fault knobs, read whenever a preparation reaches the point they affect. */
export interface DeliveryFaults {
  /** Preparations of these catalog ids fail halfway with `DELIVERY.download`. */
  readonly failingDownloads: Set<string>;
  /** Preparations of these catalog ids end in `DELIVERY.notVerified` (the server's own checksum check). */
  readonly notVerified: Set<string>;
  /** Preparations of these catalog ids stop at `STALL_PERCENT` and never finish. */
  readonly stalled: Set<string>;
  /** Artifacts, by item key, whose announced hash is not the hash of the bytes served. */
  readonly wrongHashes: Set<string>;
  /** `DELETE cache/delete` fails with `DELIVERY.unableClearCache`. */
  unableToClearCache: boolean;
}

/** The simulated time a preparation spends in `start`, locating the item. */
export const START_PHASE_MS = 1_000;
export const STALL_PERCENT = 40;

type Outcome =
  | { readonly status: "done"; readonly at: number }
  | { readonly status: "error"; readonly at: number; readonly errorCode: string; readonly message: string }
  | { readonly status: "delete"; readonly at: number };

interface Preparation {
  readonly catalogId: string;
  readonly itemType: string;
  readonly item: DeliveryItem | undefined;
  readonly requestedAt: number;
  /** When it took a preparation slot; unset while `pending`. */
  startedAt?: number;
  outcome?: Outcome;
  /** `Date.now()` scale: when an answer first told a client how it ended. */
  outcomeReportedAtWallMs?: number;
}

/** One preparation as the sandbox saw it, to measure how soon a client noticed its end. */
export interface PreparationLogEntry {
  readonly catalogId: string;
  readonly status: DeliveryStatus;
  /** `Date.now()` scale: when it ended (done, error or evicted). */
  readonly endedAtWallMs?: number;
  /** `Date.now()` scale: when an answer first said so. */
  readonly endReportedAtWallMs?: number;
}

export interface DeliveryStateOptions {
  readonly clock: SandboxClock;
  readonly catalog: DeliveryCatalog;
  /** Simulated bytes per second each artifact is prepared at. */
  readonly bandwidthBytesPerSecond: number;
  /** Preparations running at once; later ones wait as `pending`. */
  readonly maxConcurrentPreparations: number;
  /** Items larger than this end in `DELIVERY.packageTooLarge`. */
  readonly cacheCapacityBytes: number;
}

/** A request GetApp refuses: the HTTP status, GetApp's error code (if any) and why. */
export class DeliveryRefusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export type CacheEviction = { readonly catalogId: string | readonly string[] } | { readonly size: number } | { readonly date: string };

/** GetApp's delivery server as the sandbox plays it: preparations by catalog id, on the sandbox clock. */
export class DeliveryServerState {
  readonly faults: DeliveryFaults = {
    failingDownloads: new Set(),
    notVerified: new Set(),
    stalled: new Set(),
    wrongHashes: new Set(),
    unableToClearCache: false,
  };
  private readonly preparations = new Map<string, Preparation>();
  private readonly hashes = new Map<string, string>();

  constructor(private readonly options: DeliveryStateOptions) {}

  /**
   * A POST: starts a preparation unless one is running or done; an error or eviction is
   * restarted. The device id is not kept: preparations are shared by catalog id, as GetApp's cache is.
   */
  prepare(catalogId: string, itemType: string, origin: string): DeliveryStatusBody {
    this.settle();
    const existing = this.preparations.get(catalogId);
    if (!existing || existing.outcome?.status === "error" || existing.outcome?.status === "delete") this.begin(catalogId, itemType);
    return this.describe(this.preparations.get(catalogId)!, origin);
  }

  /** A GET: the status; an unknown catalog id starts a preparation, as GetApp does. */
  status(catalogId: string, origin: string): DeliveryStatusBody {
    this.settle();
    if (!this.preparations.has(catalogId)) this.begin(catalogId, this.itemOf(catalogId)?.itemType ?? "");
    return this.describe(this.preparations.get(catalogId)!, origin);
  }

  /** Evicts cached deliveries; returns the catalog ids evicted. */
  evict(criteria: CacheEviction): string[] {
    this.settle();
    if (this.faults.unableToClearCache)
      throw new DeliveryRefusal(500, "DELIVERY.unableClearCache", "the delivery cache could not be cleared: storage is read-only");
    const now = this.options.clock.now();
    let chosen: Preparation[];
    if ("catalogId" in criteria) {
      const ids = typeof criteria.catalogId === "string" ? [criteria.catalogId] : criteria.catalogId;
      chosen = ids.flatMap((id) => this.preparations.get(id) ?? []).filter((p) => p.outcome?.status !== "delete");
      if (chosen.length === 0)
        throw new DeliveryRefusal(404, "DELIVERY.notFound", `no delivery in the cache for catalog id ${ids.join(", ")}`);
    } else if ("size" in criteria) {
      // Oldest prepared first, until at least `size` bytes are freed.
      const cached = this.cached().sort((a, b) => a.outcome!.at - b.outcome!.at);
      chosen = [];
      for (let freed = 0; freed < criteria.size && cached.length > 0;) {
        const next = cached.shift()!;
        chosen.push(next);
        freed += totalBytes(next.item);
      }
    } else {
      const before = Date.parse(criteria.date);
      chosen = this.cached().filter((p) => this.options.clock.wallTimeAt(p.outcome!.at) < before);
    }
    for (const preparation of chosen) preparation.outcome = { status: "delete", at: now };
    return chosen.map((p) => p.catalogId);
  }

  /** The artifact, when its delivery is done and still cached. */
  servedArtifact(catalogId: string, itemKey: string): CatalogArtifact | undefined {
    this.settle();
    const preparation = this.preparations.get(catalogId);
    if (preparation?.outcome?.status !== "done") return undefined;
    return preparation.item?.artifacts.find((artifact) => artifact.itemKey === itemKey);
  }

  /** Every catalog id the server has seen, with its status now; for tests. */
  statuses(): Record<string, DeliveryStatus> {
    this.settle();
    return Object.fromEntries([...this.preparations.values()].map((p) => [p.catalogId, this.statusNow(p)]));
  }

  /** Every preparation, with when it ended and when a client was first told. */
  preparationLog(): PreparationLogEntry[] {
    this.settle();
    return [...this.preparations.values()].map((p) => ({
      catalogId: p.catalogId,
      status: this.statusNow(p),
      ...(p.outcome ? { endedAtWallMs: this.options.clock.wallTimeAt(p.outcome.at) } : {}),
      ...(p.outcomeReportedAtWallMs === undefined ? {} : { endReportedAtWallMs: p.outcomeReportedAtWallMs }),
    }));
  }

  private begin(catalogId: string, itemType: string): void {
    const now = this.options.clock.now();
    const preparation: Preparation = { catalogId, itemType, item: this.itemOf(catalogId), requestedAt: now };
    if (this.running().length < this.options.maxConcurrentPreparations) preparation.startedAt = now;
    this.preparations.set(catalogId, preparation);
  }

  private itemOf(catalogId: string): DeliveryItem | undefined {
    return this.options.catalog.items.find((item) => item.catalogId === catalogId);
  }

  private running(): Preparation[] {
    return [...this.preparations.values()].filter((p) => p.startedAt !== undefined && p.outcome === undefined);
  }

  private cached(): Preparation[] {
    return [...this.preparations.values()].filter((p) => p.outcome?.status === "done");
  }

  /** Plays every outcome due by now, in time order; each frees a slot for the oldest pending. */
  private settle(): void {
    const now = this.options.clock.now();
    for (;;) {
      let next: { preparation: Preparation; end: number } | undefined;
      for (const preparation of this.running()) {
        const end = this.plannedEnd(preparation);
        if (end <= now && (!next || end < next.end)) next = { preparation, end };
      }
      if (!next) return;
      next.preparation.outcome = this.outcomeAt(next.preparation, next.end);
      const waiting = [...this.preparations.values()]
        .filter((p) => p.startedAt === undefined && p.outcome === undefined)
        .sort((a, b) => a.requestedAt - b.requestedAt)[0];
      if (waiting) waiting.startedAt = Math.max(next.end, waiting.requestedAt);
    }
  }

  /** How long copying takes: artifacts are copied side by side, so the largest decides. */
  private copyMs(item: DeliveryItem): number {
    return Math.max(...item.artifacts.map((artifact) => (artifact.sizeBytes / this.options.bandwidthBytesPerSecond) * 1000));
  }

  private refusalAtStart(preparation: Preparation): { errorCode: string; message: string } | undefined {
    const item = preparation.item;
    if (!item) return { errorCode: "DELIVERY.notExist", message: `catalog id ${preparation.catalogId} does not exist in storage` };
    if (item.expired) return { errorCode: "DELIVERY.invalid", message: `catalog id ${item.catalogId} is invalid: its release has expired` };
    if (preparation.itemType && preparation.itemType !== item.itemType) {
      return {
        errorCode: "DELIVERY.invalid",
        message: `catalog id ${item.catalogId} is a ${item.itemType} item, not ${preparation.itemType}`,
      };
    }
    if (totalBytes(item) > this.options.cacheCapacityBytes) {
      return {
        errorCode: "DELIVERY.packageTooLarge",
        message: `catalog id ${item.catalogId} needs ${totalBytes(item)} bytes; the cache has room for ${this.options.cacheCapacityBytes}`,
      };
    }
    return undefined;
  }

  private plannedEnd(preparation: Preparation): number {
    const started = preparation.startedAt! + START_PHASE_MS;
    if (this.refusalAtStart(preparation)) return started;
    const item = preparation.item!;
    if (this.faults.stalled.has(item.catalogId)) return Number.POSITIVE_INFINITY;
    const copy = this.copyMs(item);
    return started + (this.faults.failingDownloads.has(item.catalogId) ? copy / 2 : copy);
  }

  private outcomeAt(preparation: Preparation, at: number): Outcome {
    const refusal = this.refusalAtStart(preparation);
    if (refusal) return { status: "error", at, ...refusal };
    const item = preparation.item!;
    const largest = item.artifacts.reduce((a, b) => (b.sizeBytes > a.sizeBytes ? b : a));
    if (this.faults.failingDownloads.has(item.catalogId)) {
      return {
        status: "error",
        at,
        errorCode: "DELIVERY.download",
        message: `download of ${largest.itemKey} failed after 3 attempts: the source answered HTTP 503`,
      };
    }
    if (this.faults.notVerified.has(item.catalogId)) {
      return {
        status: "error",
        at,
        errorCode: "DELIVERY.notVerified",
        message: `${largest.itemKey} does not match its signed checksum; the package may be invalid`,
      };
    }
    return { status: "done", at };
  }

  private statusNow(preparation: Preparation): DeliveryStatus {
    if (preparation.outcome) return preparation.outcome.status;
    if (preparation.startedAt === undefined) return "pending";
    return this.options.clock.now() - preparation.startedAt < START_PHASE_MS ? "start" : "inProgress";
  }

  private describe(preparation: Preparation, origin: string): DeliveryStatusBody {
    const { catalogId } = preparation;
    const status = this.statusNow(preparation);
    const outcome = preparation.outcome;
    if (outcome) preparation.outcomeReportedAtWallMs ??= Date.now();
    if (outcome?.status === "done") {
      const artifacts = preparation.item!.artifacts.map((artifact) => this.artifactBody(preparation.item!, artifact, origin));
      return { catalogId, status, progress: 100, size: totalBytes(preparation.item), url: artifacts[0].url, artifacts };
    }
    if (outcome?.status === "error")
      return { catalogId, status, progress: 0, artifacts: [], error: { errorCode: outcome.errorCode, message: outcome.message } };
    return { catalogId, status, progress: status === "inProgress" ? this.progress(preparation) : 0, artifacts: [] };
  }

  /** The slowest artifact's percent: all copy side by side at the same rate, so the largest. */
  private progress(preparation: Preparation): number {
    const copying = this.options.clock.now() - preparation.startedAt! - START_PHASE_MS;
    const percent = Math.min(99, Math.floor((copying / this.copyMs(preparation.item!)) * 100));
    return this.faults.stalled.has(preparation.catalogId) ? Math.min(percent, STALL_PERCENT) : percent;
  }

  private artifactBody(item: DeliveryItem, artifact: CatalogArtifact, origin: string): ArtifactBody {
    const { itemKey, sizeBytes, hashAlgorithm, artifactType, metaData, signature, isExecutable } = artifact;
    const served = this.hash(`${item.catalogId}/${itemKey}`, sizeBytes, hashAlgorithm);
    const hash = this.faults.wrongHashes.has(itemKey) ? this.hash(`${item.catalogId}/${itemKey}#other`, sizeBytes, hashAlgorithm) : served;
    return {
      catalogId: item.catalogId,
      id: this.options.catalog.items.flatMap((entry) => entry.artifacts).indexOf(artifact) + 1,
      itemKey,
      ...(artifactType === undefined ? {} : { artifactType }),
      ...(metaData === undefined ? {} : { metaData }),
      url: `${origin}${artifactPath(item.catalogId, itemKey)}`,
      size: sizeBytes,
      hash: { algorithm: hashAlgorithm, hash },
      ...(signature === undefined ? {} : { signature }),
      ...(isExecutable === undefined ? {} : { isExecutable }),
      ...(artifact.arguments === undefined ? {} : { arguments: artifact.arguments }),
    };
  }

  private hash(key: string, sizeBytes: number, algorithm: CatalogArtifact["hashAlgorithm"]): string {
    const cacheKey = `${algorithm}:${sizeBytes}:${key}`;
    let hash = this.hashes.get(cacheKey);
    if (hash === undefined) {
      hash = artifactHash(key, sizeBytes, algorithm);
      this.hashes.set(cacheKey, hash);
    }
    return hash;
  }
}

export const ARTIFACTS_PATH = "/__sandbox/artifacts";

export function artifactPath(catalogId: string, itemKey: string): string {
  return `${ARTIFACTS_PATH}/${encodeURIComponent(catalogId)}/${encodeURIComponent(itemKey)}`;
}

function totalBytes(item: DeliveryItem | undefined): number {
  return item ? item.artifacts.reduce((sum, artifact) => sum + artifact.sizeBytes, 0) : 0;
}
