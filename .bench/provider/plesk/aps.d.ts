import type { PleskClient } from "./client";
export declare const NOT_FOUND = 1013;
/** What names a package in the APS catalog (`APSIdentifierType`, in schema order). */
export interface ApsPackageIdentity {
    readonly name: string;
    readonly version?: string;
    readonly release?: string;
    readonly vendor?: string;
    readonly packager?: string;
}
/** A package on the server, as `get-packages-list` reports it. */
export interface ApsServerPackage extends ApsPackageIdentity {
    readonly id: string;
    readonly isUploaded: boolean;
    readonly isVisible: boolean;
    readonly globalSettingsNotSet: boolean;
}
/** A package listed by `<all/>`: catalog applications carry no server id. */
export type ApsListedPackage = Omit<ApsServerPackage, "id"> & {
    readonly id?: string;
};
export type DownloadTaskStatus = {
    readonly taskId: string;
    readonly state: "queued";
    readonly totalBytes: number;
    readonly completedBytes: number;
} | {
    readonly taskId: string;
    readonly state: "running";
    readonly totalBytes: number;
    readonly completedBytes: number;
} | {
    readonly taskId: string;
    readonly state: "succeeded";
    readonly packageId: string;
} | {
    readonly taskId: string;
    readonly state: "failed";
    readonly message: string;
} | {
    readonly taskId: string;
    readonly state: "unknown";
    readonly errcode: number;
    readonly errtext: string;
};
export interface CallOptions {
    readonly signal?: AbortSignal;
}
export interface DownloadRequest {
    readonly package: ApsPackageIdentity;
    /** Must equal a URL of the server's catalog configuration character for character. */
    readonly catalogUrl?: string;
}
/**
 * Asks Plesk to download a package and returns the task id. Sent once: a lost answer may still
 * have started a download, so this packet is never resent.
 */
export declare function downloadPackage(client: PleskClient, request: DownloadRequest, options?: CallOptions): Promise<string>;
/** The status of each task asked for, keyed by the task id as given. One packet for all. */
export declare function getDownloadStatus(client: PleskClient, taskIds: readonly string[], options?: CallOptions): Promise<Map<string, DownloadTaskStatus>>;
/** Every task of the current download transaction; empty when none runs. */
export declare function getDownloadTransaction(client: PleskClient, options?: CallOptions): Promise<DownloadTaskStatus[]>;
/**
 * The packages with the given ids, in one packet. A package Plesk does not know (1013) maps to
 * `undefined`; any other per-id error fails the call.
 */
export declare function getPackages(client: PleskClient, packageIds: readonly string[], options?: CallOptions): Promise<Map<string, ApsServerPackage | undefined>>;
/** Every package on the server (an empty filter). */
export declare function listServerPackages(client: PleskClient, options?: CallOptions): Promise<ApsServerPackage[]>;
/** Catalog applications and the packages on the server (`<all/>`). */
export declare function listCatalogAndServerPackages(client: PleskClient, options?: CallOptions): Promise<ApsListedPackage[]>;
/** Shows or hides packages. Setting the same value twice changes nothing, so it may be resent. */
export declare function setPackagesVisible(client: PleskClient, packageIds: readonly string[], visible: boolean, options?: CallOptions): Promise<void>;
