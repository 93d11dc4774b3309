import { highestOf } from "./version-rank";
import type { ApsCatalog, CatalogApplication, CatalogConfiguration, CatalogPackage } from "./catalog";
import type { SandboxClock } from "./clock";

/** Linux runs one download transaction with tasks in turn; Windows one transaction per task. */
export type SandboxPlatform = "linux" | "windows";

export interface PackageIdentity {
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly vendor?: string;
  readonly packager?: string;
}

export interface ServerPackage {
  readonly id: number;
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly vendor: string;
  readonly packager: string;
  readonly isUploaded: boolean;
  isVisible: boolean;
  readonly globalSettingsNotSet: boolean;
}

export type TaskState = "queued" | "running" | "succeeded" | "failed";

export interface DownloadTask {
  readonly id: number;
  readonly requested: PackageIdentity;
  readonly catalogUrl: string;
  /** What the catalog resolved the request to; absent when nothing matched. */
  readonly resolved?: ResolvedPackage;
  readonly totalBytes: number;
  /** Fractional while running; reported rounded down. */
  completedBytes: number;
  state: TaskState;
  packageId?: number;
  error?: string;
  /** Simulated milliseconds. */
  readonly createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** `Date.now()` when an answer first reported the task finished: when a client noticed. */
  finishReportedAtWallMs?: number;
}

export interface ResolvedPackage {
  readonly application: CatalogApplication;
  readonly package: CatalogPackage;
}

interface Transaction {
  readonly tasks: DownloadTask[];
  /** Simulated time up to which the transaction's downloads have been played. */
  cursor: number;
}

export type DownloadAnswer = { readonly taskId: number } | { readonly errcode: number; readonly errtext: string };

/** Our assumption (PROTOCOL.md §2 documents a task ending `finished/error`, no sample shows which request ends so): a package the catalog lacks. */
export const CANNOT_DOWNLOAD = "Cannot download package from catalog";

export interface ApsFaults {
  /** Every download-package fails with 1023 "APS Catalog configuration file is broken". */
  brokenCatalogConfiguration: boolean;
  /** Package names whose downloads finish with an error when they start, and its message. */
  readonly failingDownloads: Map<string, string>;
  /** A filter with several ids is answered without its last result, as a confused server might. */
  unusableBatchAnswers: boolean;
  /** Several download-package operations in one packet all start, but only the first is answered (Plesk's sample). */
  oneResultForSeveralDownloads: boolean;
  /** Tasks are forgotten when their transaction ends: asked for later, they are "not found" (1013). */
  forgetFinishedTasks: boolean;
  /**
   * Task or package ids asked for that are answered with another id's result, as a confused
   * server or a caching proxy might: asked for the key, the sandbox answers about the value.
   */
  readonly misdirectedAnswers: Map<number, number>;
  /** This many whole-server lists, the next ones asked for, fail with 1023, as a panel short of memory might. */
  failingWholeLists: number;
}

export interface ApsStateOptions {
  readonly clock: SandboxClock;
  readonly catalogs: CatalogConfiguration;
  readonly platform: SandboxPlatform;
  readonly bandwidthBytesPerSecond: number;
  readonly firstTaskId: number;
  readonly firstPackageId: number;
}

/** The APS side of a Plesk server: packages, download tasks and their transactions. */
export class ApsServerState {
  readonly packages = new Map<number, ServerPackage>();
  readonly tasks = new Map<number, DownloadTask>();
  readonly faults: ApsFaults = {
    brokenCatalogConfiguration: false,
    failingDownloads: new Map(),
    unusableBatchAnswers: false,
    oneResultForSeveralDownloads: false,
    forgetFinishedTasks: false,
    misdirectedAnswers: new Map(),
    failingWholeLists: 0,
  };
  readonly platform: SandboxPlatform;
  private transactions: Transaction[] = [];
  private nextTaskId: number;
  private nextPackageId: number;

  constructor(private readonly options: ApsStateOptions) {
    this.platform = options.platform;
    this.nextTaskId = options.firstTaskId;
    this.nextPackageId = options.firstPackageId;
  }

  startDownload(requested: PackageIdentity, catalogUrl: string | undefined): DownloadAnswer {
    this.settle();
    if (this.faults.brokenCatalogConfiguration) return { errcode: 1023, errtext: "APS Catalog configuration file is broken" };
    const catalogs = this.options.catalogs.catalogs;
    const catalog = catalogUrl === undefined ? catalogs[0] : catalogs.find((c) => c.url === catalogUrl);
    if (!catalog) return { errcode: 1013, errtext: `Catalog with URL "${catalogUrl}" does not exist` };
    if (catalog.resolvable === false) {
      return { errcode: 1023, errtext: `Could not resolve host: ${new URL(catalog.url).hostname}; No data record of requested type` };
    }

    const now = this.options.clock.now();
    const resolved = resolve(catalog, requested);
    const task: DownloadTask = {
      id: this.nextTaskId++,
      requested,
      catalogUrl: catalog.url,
      ...(resolved ? { resolved } : {}),
      totalBytes: resolved?.package.sizeBytes ?? 0,
      completedBytes: 0,
      state: "queued",
      createdAt: now,
    };
    if (!resolved) this.fail(task, CANNOT_DOWNLOAD, now);
    this.tasks.set(task.id, task);

    const joinable = this.options.platform === "linux" ? this.transactions[0] : undefined;
    if (joinable) joinable.tasks.push(task);
    else this.transactions.push({ tasks: [task], cursor: now });
    this.settle();
    return { taskId: task.id };
  }

  task(id: number): DownloadTask | undefined {
    this.settle();
    return this.tasks.get(id);
  }

  /** The tasks of the current transaction (the newest, on Windows); undefined when none runs. */
  currentTransaction(): readonly DownloadTask[] | undefined {
    this.settle();
    return this.transactions.at(-1)?.tasks;
  }

  listPackages(): ServerPackage[] {
    this.settle();
    return [...this.packages.values()];
  }

  package(id: number): ServerPackage | undefined {
    this.settle();
    return this.packages.get(id);
  }

  /** Puts a package on the server directly, as an upload or an earlier download would have. */
  addPackage(fields: Omit<ServerPackage, "id"> & { readonly id?: number }): ServerPackage {
    const id = fields.id ?? this.nextPackageId;
    this.nextPackageId = Math.max(this.nextPackageId, id + 1);
    const created: ServerPackage = { ...fields, id };
    this.packages.set(id, created);
    return created;
  }

  removePackage(id: number): boolean {
    return this.packages.delete(id);
  }

  /** Changes a package in place, as an upgrade made outside Pulumi would: drift. */
  updatePackage(id: number, changes: Partial<Omit<ServerPackage, "id">>): ServerPackage {
    const current = this.packages.get(id);
    if (!current) throw new Error(`no package ${id} on the sandbox server`);
    const updated = { ...current, ...changes, id };
    this.packages.set(id, updated);
    return updated;
  }

  /**
   * What a restart of Plesk does to its APS side: running downloads and every task are gone,
   * task ids start again from the first, and the next package id follows the highest one left
   * (as MySQL's auto-increment does after a restart), so the ids of removed packages come back.
   */
  restart(): void {
    this.transactions = [];
    this.tasks.clear();
    this.nextTaskId = this.options.firstTaskId;
    this.nextPackageId = Math.max(this.options.firstPackageId, ...[...this.packages.keys()].map((id) => id + 1));
  }

  /** Plays every running download up to the clock's present. */
  settle(): void {
    const now = this.options.clock.now();
    for (const transaction of this.transactions) this.play(transaction, now);
    const [running, ended] = partition(this.transactions, (t) => t.tasks.some((task) => !isFinished(task)));
    this.transactions = running;
    if (this.faults.forgetFinishedTasks) for (const task of ended.flatMap((t) => t.tasks)) this.tasks.delete(task.id);
  }

  private play(transaction: Transaction, now: number): void {
    const bytesPerMs = this.options.bandwidthBytesPerSecond / 1000;
    for (const task of transaction.tasks) {
      if (isFinished(task)) continue;
      if (task.state === "queued") {
        task.state = "running";
        task.startedAt = transaction.cursor;
        const failure = this.faults.failingDownloads.get(task.requested.name);
        if (failure !== undefined) {
          this.fail(task, failure, transaction.cursor);
          continue;
        }
      }
      const finishesAt = transaction.cursor + (task.totalBytes - task.completedBytes) / bytesPerMs;
      if (finishesAt > now) {
        task.completedBytes += (now - transaction.cursor) * bytesPerMs;
        transaction.cursor = now;
        return;
      }
      transaction.cursor = finishesAt;
      this.succeed(task, finishesAt);
    }
  }

  private succeed(task: DownloadTask, at: number): void {
    const { application, package: pkg } = task.resolved!;
    const identical = [...this.packages.values()].find(
      (p) =>
        p.name === application.name &&
        p.version === pkg.version &&
        p.release === pkg.release &&
        p.vendor === application.vendor &&
        p.packager === application.packager,
    );
    const installed =
      identical ??
      this.addPackage({
        name: application.name,
        version: pkg.version,
        release: pkg.release,
        vendor: application.vendor,
        packager: application.packager,
        isUploaded: false,
        isVisible: true,
        globalSettingsNotSet: application.needsGlobalSettings === true,
      });
    Object.assign(task, { state: "succeeded", completedBytes: task.totalBytes, packageId: installed.id, finishedAt: at });
  }

  private fail(task: DownloadTask, message: string, at: number): void {
    Object.assign(task, { state: "failed", error: message, finishedAt: at });
  }
}

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  return [items.filter(keep), items.filter((item) => !keep(item))];
}

function isFinished(task: DownloadTask): boolean {
  return task.state === "succeeded" || task.state === "failed";
}

/** The catalog's package for a request: exact fields where given, the highest version otherwise. */
function resolve(catalog: ApsCatalog, requested: PackageIdentity): ResolvedPackage | undefined {
  const candidates = catalog.applications
    .filter(
      (app) =>
        app.name === requested.name &&
        (requested.vendor === undefined || app.vendor === requested.vendor) &&
        (requested.packager === undefined || app.packager === requested.packager),
    )
    .flatMap((application) =>
      application.packages
        .filter(
          (pkg) =>
            (requested.version === undefined || pkg.version === requested.version) &&
            (requested.release === undefined || pkg.release === requested.release),
        )
        .map((pkg) => ({ application, package: pkg, version: pkg.version, release: pkg.release })),
    );
  const best = highestOf(candidates);
  return best && { application: best.application, package: best.package };
}
