"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ApsServerState = exports.CANNOT_DOWNLOAD = void 0;
const version_order_1 = require("../provider/aps/version-order");
exports.CANNOT_DOWNLOAD = "Cannot download package from catalog";
/** The APS side of a Plesk server: packages, download tasks and their transactions. */
class ApsServerState {
    options;
    packages = new Map();
    tasks = new Map();
    faults = { brokenCatalogConfiguration: false, failingDownloads: new Map() };
    platform;
    transactions = [];
    nextTaskId;
    nextPackageId;
    constructor(options) {
        this.options = options;
        this.platform = options.platform;
        this.nextTaskId = options.firstTaskId;
        this.nextPackageId = options.firstPackageId;
    }
    startDownload(requested, catalogUrl) {
        this.settle();
        if (this.faults.brokenCatalogConfiguration)
            return { errcode: 1023, errtext: "APS Catalog configuration file is broken" };
        const catalogs = this.options.catalogs.catalogs;
        const catalog = catalogUrl === undefined ? catalogs[0] : catalogs.find((c) => c.url === catalogUrl);
        if (!catalog)
            return { errcode: 1013, errtext: `Catalog with URL "${catalogUrl}" does not exist` };
        if (catalog.resolvable === false) {
            return { errcode: 1023, errtext: `Could not resolve host: ${new URL(catalog.url).hostname}; No data record of requested type` };
        }
        const now = this.options.clock.now();
        const resolved = resolve(catalog, requested);
        const task = {
            id: this.nextTaskId++,
            requested,
            catalogUrl: catalog.url,
            ...(resolved ? { resolved } : {}),
            totalBytes: resolved?.package.sizeBytes ?? 0,
            completedBytes: 0,
            state: "queued",
            createdAt: now,
        };
        if (!resolved)
            this.fail(task, exports.CANNOT_DOWNLOAD, now);
        this.tasks.set(task.id, task);
        const joinable = this.options.platform === "linux" ? this.transactions[0] : undefined;
        if (joinable)
            joinable.tasks.push(task);
        else
            this.transactions.push({ tasks: [task], cursor: now });
        this.settle();
        return { taskId: task.id };
    }
    task(id) {
        this.settle();
        return this.tasks.get(id);
    }
    /** The tasks of the current transaction (the newest, on Windows); undefined when none runs. */
    currentTransaction() {
        this.settle();
        return this.transactions.at(-1)?.tasks;
    }
    listPackages() {
        this.settle();
        return [...this.packages.values()];
    }
    package(id) {
        this.settle();
        return this.packages.get(id);
    }
    /** Puts a package on the server directly, as an upload or an earlier download would have. */
    addPackage(fields) {
        const id = fields.id ?? this.nextPackageId;
        this.nextPackageId = Math.max(this.nextPackageId, id + 1);
        const created = { ...fields, id };
        this.packages.set(id, created);
        return created;
    }
    removePackage(id) {
        return this.packages.delete(id);
    }
    /** Plays every running download up to the clock's present. */
    settle() {
        const now = this.options.clock.now();
        for (const transaction of this.transactions)
            this.play(transaction, now);
        this.transactions = this.transactions.filter((t) => t.tasks.some((task) => !isFinished(task)));
    }
    play(transaction, now) {
        const bytesPerMs = this.options.bandwidthBytesPerSecond / 1000;
        for (const task of transaction.tasks) {
            if (isFinished(task))
                continue;
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
    succeed(task, at) {
        const { application, package: pkg } = task.resolved;
        const identical = [...this.packages.values()].find((p) => p.name === application.name &&
            p.version === pkg.version &&
            p.release === pkg.release &&
            p.vendor === application.vendor &&
            p.packager === application.packager);
        const installed = identical ??
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
    fail(task, message, at) {
        Object.assign(task, { state: "failed", error: message, finishedAt: at });
    }
}
exports.ApsServerState = ApsServerState;
function isFinished(task) {
    return task.state === "succeeded" || task.state === "failed";
}
/** The catalog's package for a request: exact fields where given, the highest version otherwise. */
function resolve(catalog, requested) {
    const candidates = catalog.applications
        .filter((app) => app.name === requested.name &&
        (requested.vendor === undefined || app.vendor === requested.vendor) &&
        (requested.packager === undefined || app.packager === requested.packager))
        .flatMap((application) => application.packages
        .filter((pkg) => (requested.version === undefined || pkg.version === requested.version) &&
        (requested.release === undefined || pkg.release === requested.release))
        .map((pkg) => ({ application, package: pkg, version: pkg.version, release: pkg.release })));
    const best = (0, version_order_1.highestVersion)(candidates);
    return best && { application: best.application, package: best.package };
}
//# sourceMappingURL=aps-state.js.map