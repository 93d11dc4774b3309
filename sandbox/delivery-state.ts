import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { artifactHash } from "./artifact-bytes";
import { NON_FILE_ARTIFACT_TYPES, type CatalogArtifact, type DeliveryCatalog, type DeliveryItem } from "./delivery-catalog";
import type { SandboxClock } from "./clock";

/** GetApp's status enum; `pending` is in it but commented out in the server, never produced. */
export const DELIVERY_STATUSES = ["start", "inProgress", "done", "error", "delete"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * How the delivery service runs. `cache` (USE_CACHE=true, or behind a proxy) prepares in the
 * background and can evict; `origin`, GetApp's default, answers `done` or `error` at once.
 */
export const GETAPP_MODES = ["cache", "origin"] as const;
export type GetAppMode = (typeof GETAPP_MODES)[number];

/** What GetApp answers for a delivery (docs/protocol.md, the status body); absent keys are left out, as GetApp's JSON does. */
export interface DeliveryStatusBody {
  catalogId: string;
  status: DeliveryStatus;
  progress?: number;
  /** Deprecated in GetApp: the first artifact's URL (a map's gpkg). */
  url?: string;
  artifacts?: ArtifactBody[];
  error?: { errorCode: string; message: string };
}

export interface ArtifactBody {
  catalogId: string;
  id: number;
  itemKey: string;
  artifactType?: string;
  metaData?: string;
  url: string;
  size?: number;
  hash?: { algorithm: string; hash: string };
  signature?: string;
  isExecutable?: boolean;
  arguments?: string;
}

/** Fault knobs, read whenever a preparation reaches the point they affect (cache mode). */
export interface DeliveryFaults {
  /** Preparations of these catalog ids fail halfway with `DELIVERY.download`. */
  readonly failingDownloads: Set<string>;
  /** Preparations of these catalog ids end in `DELIVERY.notVerified` (the server's own checksum check). */
  readonly notVerified: Set<string>;
  /** Preparations of these catalog ids stop at `STALL_PERCENT` and never finish. */
  readonly stalled: Set<string>;
  /** Catalog ids whose hashed artifacts announce a hash that is not the hash of the bytes served. */
  readonly wrongHashes: Set<string>;
}

/** The simulated time a preparation spends in `start`, locating the item. */
export const START_PHASE_MS = 1_000;
export const STALL_PERCENT = 40;
/** The device GetApp records for a preparation a status request started. */
export const SELF_PREPARE_DEVICE = "self prepare due not found dlv status";
const DAY_MS = 86_400_000;

type Outcome =
  | { readonly status: "done"; readonly at: number }
  | { readonly status: "error"; readonly at: number; readonly errorCode: string; readonly message: string }
  | { readonly status: "delete"; readonly at: number };

interface Preparation {
  readonly catalogId: string;
  readonly deviceId: string;
  readonly item: DeliveryItem | undefined;
  readonly requestedAt: number;
  /** When it took a preparation slot; unset while it waits for one (reported as `start`). */
  startedAt?: number;
  outcome?: Outcome;
  /** `Date.now()` scale: when an answer first told a client how it ended. */
  outcomeReportedAtWallMs?: number;
}

/** One preparation as the sandbox saw it, to measure how soon a client noticed its end. */
export interface PreparationLogEntry {
  readonly catalogId: string;
  /** The device the preparation was recorded for: the first POST's, or GetApp's placeholder. */
  readonly deviceId: string;
  readonly status: DeliveryStatus;
  /** `Date.now()` scale: when it ended (done, error or evicted). */
  readonly endedAtWallMs?: number;
  /** `Date.now()` scale: when an answer first said so. */
  readonly endReportedAtWallMs?: number;
}

export interface DeliveryStateOptions {
  readonly clock: SandboxClock;
  readonly catalog: DeliveryCatalog;
  readonly mode: GetAppMode;
  /** Simulated bytes per second each artifact is prepared at. */
  readonly bandwidthBytesPerSecond: number;
  /** Preparations running at once; later ones stay in `start` until a slot frees. */
  readonly maxConcurrentPreparations: number;
  /** How long a pre-signed artifact URL works, in simulated seconds (GetApp's DOWNLOAD_URL_EXPIRE). */
  readonly urlExpirySeconds: number;
  /**
   * When set, every simulated midnight evicts `done` deliveries older than this and every
   * `error` one, as GetApp's nightly job does. The first midnight falls 12 simulated hours after
   * start, then one each 24 hours, whatever the time of day: tests stay deterministic.
   */
  readonly cacheExpirationHours?: number;
}

/** A request GetApp refuses: the HTTP status and why. */
export class DeliveryRefusal extends Error {
  constructor(
    readonly httpStatus: number,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join("; ") : message);
    this.messages = Array.isArray(message) ? message : [message];
  }
  readonly messages: string[];
}

export type CacheEviction = { readonly catalogId: string | readonly string[] } | { readonly size: number } | { readonly date: string };

/** Why a pre-signed artifact URL is refused, or the artifact it serves. */
export type ArtifactLookup = { readonly artifact: CatalogArtifact } | { readonly refused: "expired" | "unsigned" | "missing" };

/** GetApp's delivery server as the sandbox plays it: deliveries by catalog id, on the sandbox clock. */
export class DeliveryServerState {
  readonly faults: DeliveryFaults = {
    failingDownloads: new Set(),
    notVerified: new Set(),
    stalled: new Set(),
    wrongHashes: new Set(),
  };
  private readonly preparations = new Map<string, Preparation>();
  private readonly hashes = new Map<string, string>();
  private readonly signingKey = randomBytes(32);
  /** Simulated time of the last nightly sweep considered. */
  private sweptUpTo = 0;
  /** `Date.now()` at simulated time 0: where the simulated calendar's midnights fall. */
  private readonly calendarStart = Date.now();

  constructor(private readonly options: DeliveryStateOptions) {}

  get mode(): GetAppMode {
    return this.options.mode;
  }

  /**
   * A POST. Cache mode: a new catalog id, or one in `error` or `delete`, starts preparing for the
   * given device; one in `start` or `inProgress` is left as it is (its device too); `done` is
   * answered as is. Origin mode: `done` or `error` at once.
   */
  prepare(catalogId: string, deviceId: string, origin: string): DeliveryStatusBody {
    if (this.options.mode === "origin") return this.atOnce(catalogId, origin);
    this.settle();
    const existing = this.preparations.get(catalogId);
    if (!existing || existing.outcome?.status === "error" || existing.outcome?.status === "delete") {
      this.begin(catalogId, deviceId);
      return { catalogId, status: "start" };
    }
    const status = this.statusNow(existing);
    return status === "done" ? this.describe(existing, origin) : { catalogId, status };
  }

  /** A GET. Cache mode: an unknown catalog id starts a preparation under GetApp's placeholder device. */
  status(catalogId: string, origin: string): DeliveryStatusBody {
    if (this.options.mode === "origin") return this.atOnce(catalogId, origin);
    this.settle();
    if (!this.preparations.has(catalogId)) this.begin(catalogId, SELF_PREPARE_DEVICE);
    return this.describe(this.preparations.get(catalogId)!, origin);
  }

  /**
   * Evicts cached deliveries (their status becomes `delete`) and returns the ids evicted; GetApp
   * itself answers nothing. Origin mode keeps no cache, so nothing changes.
   */
  evict(criteria: CacheEviction): string[] {
    if (this.options.mode === "origin") return [];
    this.settle();
    const now = this.options.clock.now();
    let chosen: Preparation[];
    if ("catalogId" in criteria) {
      const ids = typeof criteria.catalogId === "string" ? [criteria.catalogId] : criteria.catalogId;
      chosen = ids.flatMap((id) => this.preparations.get(id) ?? []).filter((p) => p.outcome?.status !== "delete");
    } else if ("size" in criteria) {
      // Oldest prepared first, until at least `size` bytes are freed.
      const cached = this.cached().sort((a, b) => a.outcome!.at - b.outcome!.at);
      chosen = [];
      for (let freed = 0; freed < criteria.size && cached.length > 0;) {
        const next = cached.shift()!;
        chosen.push(next);
        freed += fileBytes(next.item);
      }
    } else {
      const before = Date.parse(criteria.date);
      chosen = this.cached().filter((p) => this.calendarAt(p.outcome!.at) < before);
    }
    for (const preparation of chosen) preparation.outcome = { status: "delete", at: now };
    return chosen.map((p) => p.catalogId);
  }

  /** What `GET cache/config` answers. */
  cacheConfig(): Record<string, unknown> {
    if (this.options.mode === "origin") return { mes: "Cache feature not in use" };
    const usedBytes = this.cached().reduce((sum, p) => sum + fileBytes(p.item), 0);
    return { maxCapacityInGB: 100, usedCapacityGB: usedBytes / 1024 ** 3, freeCapacityGB: 100 - usedBytes / 1024 ** 3 };
  }

  /** The artifact a pre-signed URL names, when the signature holds, it has not expired, and it is served. */
  servedArtifact(catalogId: string, itemKey: string, query: URLSearchParams): ArtifactLookup {
    const issuedAt = Number(query.get("X-Amz-Date"));
    const expires = Number(query.get("X-Amz-Expires"));
    const signature = Buffer.from(query.get("X-Amz-Signature") ?? "", "hex");
    const expected = this.sign(catalogId, itemKey, issuedAt, expires);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { refused: "unsigned" };
    if (this.options.clock.now() > issuedAt + expires * 1000) return { refused: "expired" };
    const item = this.itemOf(catalogId);
    if (this.options.mode === "cache") {
      this.settle();
      if (this.preparations.get(catalogId)?.outcome?.status !== "done") return { refused: "missing" };
    }
    const artifact = item?.artifacts.find((entry) => entry.itemKey === itemKey && isFile(entry));
    return artifact ? { artifact } : { refused: "missing" };
  }

  /** Every catalog id the server has a delivery for, with its status now; for tests. */
  statuses(): Record<string, DeliveryStatus> {
    this.settle();
    return Object.fromEntries([...this.preparations.values()].map((p) => [p.catalogId, this.statusNow(p)]));
  }

  /** Every preparation, with its device, when it ended and when a client was first told. */
  preparationLog(): PreparationLogEntry[] {
    this.settle();
    return [...this.preparations.values()].map((p) => ({
      catalogId: p.catalogId,
      deviceId: p.deviceId,
      status: this.statusNow(p),
      ...(p.outcome ? { endedAtWallMs: this.options.clock.wallTimeAt(p.outcome.at) } : {}),
      ...(p.outcomeReportedAtWallMs === undefined ? {} : { endReportedAtWallMs: p.outcomeReportedAtWallMs }),
    }));
  }

  /** Origin mode: the release or map as it stands, with no preparation and no progress. */
  private atOnce(catalogId: string, origin: string): DeliveryStatusBody {
    const refusal = this.refusal(catalogId, this.itemOf(catalogId));
    if (refusal) return { catalogId, status: "error", error: refusal };
    const item = this.itemOf(catalogId)!;
    const artifacts = item.artifacts.map((artifact) => this.artifactBody(item, artifact, origin));
    const gpkg = artifacts.find((artifact) => artifact.itemKey === "gpkg");
    return { catalogId, status: "done", ...(gpkg ? { url: gpkg.url } : {}), artifacts };
  }

  private begin(catalogId: string, deviceId: string): void {
    const now = this.options.clock.now();
    const preparation: Preparation = { catalogId, deviceId, item: this.itemOf(catalogId), requestedAt: now };
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

  /** Plays every outcome due by now, in time order, each freeing a slot for the oldest waiting; then the nightly sweeps. */
  private settle(): void {
    const now = this.options.clock.now();
    for (;;) {
      let next: { preparation: Preparation; end: number } | undefined;
      for (const preparation of this.running()) {
        const end = this.plannedEnd(preparation);
        if (end <= now && (!next || end < next.end)) next = { preparation, end };
      }
      if (!next) break;
      next.preparation.outcome = this.outcomeAt(next.preparation, next.end);
      const waiting = [...this.preparations.values()]
        .filter((p) => p.startedAt === undefined && p.outcome === undefined)
        .sort((a, b) => a.requestedAt - b.requestedAt)[0];
      if (waiting) waiting.startedAt = Math.max(next.end, waiting.requestedAt);
    }
    this.sweep(now);
  }

  /** GetApp's midnight job: `done` deliveries older than the expiration and every `error` one become `delete`. */
  private sweep(now: number): void {
    const hours = this.options.cacheExpirationHours;
    if (hours === undefined) return;
    for (let midnight = DAY_MS / 2; midnight <= now; midnight += DAY_MS) {
      if (midnight <= this.sweptUpTo) continue;
      for (const preparation of this.preparations.values()) {
        const outcome = preparation.outcome;
        if (!outcome || outcome.at > midnight) continue;
        const stale = outcome.status === "done" && midnight - outcome.at > hours * 3_600_000;
        if (stale || outcome.status === "error") preparation.outcome = { status: "delete", at: midnight };
      }
    }
    this.sweptUpTo = now;
  }

  /** `Date.now()` scale of a simulated moment on the sandbox's calendar. */
  private calendarAt(simulatedMs: number): number {
    return this.calendarStart + simulatedMs;
  }

  /** How long copying takes: files are copied side by side, so the largest decides. */
  private copyMs(item: DeliveryItem): number {
    return Math.max(0, ...item.artifacts.map((artifact) => ((artifact.sizeBytes ?? 0) / this.options.bandwidthBytesPerSecond) * 1000));
  }

  /** GetApp's answer for a catalog id it cannot deliver: not a release or map, or not released yet. */
  private refusal(catalogId: string, item: DeliveryItem | undefined): { errorCode: string; message: string } | undefined {
    if (!item) return { errorCode: "DELIVERY.notFound", message: `Item not found, catalog Id: ${catalogId}` };
    if (item.released === false)
      return { errorCode: "DELIVERY.downloadNotAvailable", message: `Catalog Id '${catalogId}' package, not yet available for delivery` };
    return undefined;
  }

  private plannedEnd(preparation: Preparation): number {
    const started = preparation.startedAt! + START_PHASE_MS;
    if (this.refusal(preparation.catalogId, preparation.item)) return started;
    const item = preparation.item!;
    if (this.faults.stalled.has(item.catalogId)) return Number.POSITIVE_INFINITY;
    const copy = this.copyMs(item);
    return started + (this.faults.failingDownloads.has(item.catalogId) ? copy / 2 : copy);
  }

  private outcomeAt(preparation: Preparation, at: number): Outcome {
    const refusal = this.refusal(preparation.catalogId, preparation.item);
    if (refusal) return { status: "error", at, ...refusal };
    const item = preparation.item!;
    const largest = item.artifacts.reduce((a, b) => ((b.sizeBytes ?? 0) > (a.sizeBytes ?? 0) ? b : a));
    if (this.faults.failingDownloads.has(item.catalogId)) {
      return {
        status: "error",
        at,
        errorCode: "DELIVERY.download",
        message: `download of ${largest.itemKey} failed after 5 attempts: the source answered HTTP 503`,
      };
    }
    if (this.faults.notVerified.has(item.catalogId)) {
      return {
        status: "error",
        at,
        errorCode: "DELIVERY.notVerified",
        message: `${largest.itemKey} does not match its checksum`,
      };
    }
    return { status: "done", at };
  }

  private statusNow(preparation: Preparation): DeliveryStatus {
    if (preparation.outcome) return preparation.outcome.status;
    if (preparation.startedAt === undefined) return "start";
    return this.options.clock.now() - preparation.startedAt < START_PHASE_MS ? "start" : "inProgress";
  }

  private describe(preparation: Preparation, origin: string): DeliveryStatusBody {
    const { catalogId } = preparation;
    const status = this.statusNow(preparation);
    const outcome = preparation.outcome;
    if (outcome) preparation.outcomeReportedAtWallMs ??= Date.now();
    if (outcome?.status === "done") {
      const item = preparation.item!;
      const artifacts = item.artifacts.map((artifact) => this.artifactBody(item, artifact, origin));
      const first = artifacts.find((artifact) => artifact.itemKey === "gpkg") ?? artifacts[0];
      return { catalogId, status, progress: 100, url: first.url, artifacts };
    }
    if (outcome?.status === "error") return { catalogId, status, error: { errorCode: outcome.errorCode, message: outcome.message } };
    if (outcome?.status === "delete") return { catalogId, status };
    return { catalogId, status, progress: status === "inProgress" ? this.progress(preparation) : 0 };
  }

  /** The slowest artifact's percent: all copy side by side at the same rate, so the largest. */
  private progress(preparation: Preparation): number {
    const copying = this.options.clock.now() - preparation.startedAt! - START_PHASE_MS;
    const copyMs = this.copyMs(preparation.item!);
    const percent = copyMs === 0 ? 99 : Math.min(99, Math.floor((copying / copyMs) * 100));
    return this.faults.stalled.has(preparation.catalogId) ? Math.min(percent, STALL_PERCENT) : percent;
  }

  private artifactBody(item: DeliveryItem, artifact: CatalogArtifact, origin: string): ArtifactBody {
    const { itemKey, sizeBytes, hashAlgorithm, artifactType, metaData, signature, isExecutable } = artifact;
    const hash =
      hashAlgorithm === undefined || sizeBytes === undefined
        ? undefined
        : this.hash(`${item.catalogId}/${itemKey}${this.faults.wrongHashes.has(item.catalogId) ? "#other" : ""}`, sizeBytes);
    return {
      catalogId: item.catalogId,
      id: this.options.catalog.items.flatMap((entry) => entry.artifacts).indexOf(artifact) + 1,
      itemKey,
      ...(artifactType === undefined ? {} : { artifactType }),
      ...(metaData === undefined ? {} : { metaData }),
      url: this.locationOf(item, artifact, origin),
      ...(sizeBytes === undefined ? {} : { size: sizeBytes }),
      ...(hash === undefined ? {} : { hash: { algorithm: hashAlgorithm!, hash } }),
      ...(signature === undefined ? {} : { signature }),
      ...(isExecutable === undefined ? {} : { isExecutable }),
      ...(artifact.arguments === undefined ? {} : { arguments: artifact.arguments }),
    };
  }

  /** A file's URL is pre-signed afresh on every answer; an image's is a registry path; a package's `rpm://name`. */
  private locationOf(item: DeliveryItem, artifact: CatalogArtifact, origin: string): string {
    const name = artifact.itemKey.slice(artifact.itemKey.indexOf("@") + 1);
    if (artifact.artifactType === "docker_image") return `registry.sandbox.test/getapp/${name}`;
    if (!isFile(artifact)) return `${artifact.artifactType}://${name}`;
    const issuedAt = Math.floor(this.options.clock.now());
    const expires = this.options.urlExpirySeconds;
    const signature = this.sign(item.catalogId, artifact.itemKey, issuedAt, expires).toString("hex");
    const query = new URLSearchParams({ "X-Amz-Date": String(issuedAt), "X-Amz-Expires": String(expires), "X-Amz-Signature": signature });
    return `${origin}${artifactPath(item.catalogId, artifact.itemKey)}?${query}`;
  }

  private sign(catalogId: string, itemKey: string, issuedAt: number, expires: number): Buffer {
    return createHmac("sha256", this.signingKey).update(`${catalogId}\n${itemKey}\n${issuedAt}\n${expires}`).digest();
  }

  private hash(key: string, sizeBytes: number): string {
    const cacheKey = `${sizeBytes}:${key}`;
    let hash = this.hashes.get(cacheKey);
    if (hash === undefined) {
      hash = artifactHash(key, sizeBytes, "SHA256Hex");
      this.hashes.set(cacheKey, hash);
    }
    return hash;
  }
}

export const ARTIFACTS_PATH = "/__sandbox/artifacts";

export function artifactPath(catalogId: string, itemKey: string): string {
  return `${ARTIFACTS_PATH}/${encodeURIComponent(catalogId)}/${encodeURIComponent(itemKey)}`;
}

function isFile(artifact: CatalogArtifact): boolean {
  return !(NON_FILE_ARTIFACT_TYPES as readonly (string | undefined)[]).includes(artifact.artifactType);
}

function fileBytes(item: DeliveryItem | undefined): number {
  return item ? item.artifacts.reduce((sum, artifact) => sum + (artifact.sizeBytes ?? 0), 0) : 0;
}
