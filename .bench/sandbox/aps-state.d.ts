import type { CatalogApplication, CatalogConfiguration, CatalogPackage } from "./catalog";
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
}
export interface ResolvedPackage {
    readonly application: CatalogApplication;
    readonly package: CatalogPackage;
}
export type DownloadAnswer = {
    readonly taskId: number;
} | {
    readonly errcode: number;
    readonly errtext: string;
};
export declare const CANNOT_DOWNLOAD = "Cannot download package from catalog";
export interface ApsFaults {
    /** Every download-package fails with 1023 "APS Catalog configuration file is broken". */
    brokenCatalogConfiguration: boolean;
    /** Package names whose downloads finish with an error when they start, and its message. */
    readonly failingDownloads: Map<string, string>;
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
export declare class ApsServerState {
    private readonly options;
    readonly packages: Map<number, ServerPackage>;
    readonly tasks: Map<number, DownloadTask>;
    readonly faults: ApsFaults;
    readonly platform: SandboxPlatform;
    private transactions;
    private nextTaskId;
    private nextPackageId;
    constructor(options: ApsStateOptions);
    startDownload(requested: PackageIdentity, catalogUrl: string | undefined): DownloadAnswer;
    task(id: number): DownloadTask | undefined;
    /** The tasks of the current transaction (the newest, on Windows); undefined when none runs. */
    currentTransaction(): readonly DownloadTask[] | undefined;
    listPackages(): ServerPackage[];
    package(id: number): ServerPackage | undefined;
    /** Puts a package on the server directly, as an upload or an earlier download would have. */
    addPackage(fields: Omit<ServerPackage, "id"> & {
        readonly id?: number;
    }): ServerPackage;
    removePackage(id: number): boolean;
    /** Plays every running download up to the clock's present. */
    settle(): void;
    private play;
    private succeed;
    private fail;
}
