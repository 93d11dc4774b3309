/** One downloadable package of an application in an APS catalog. */
export interface CatalogPackage {
    readonly version: string;
    readonly release: string;
    readonly sizeBytes: number;
}
export interface CatalogApplication {
    readonly name: string;
    readonly vendor: string;
    readonly packager: string;
    /** Plesk flags applications whose global settings must be filled in before use. */
    readonly needsGlobalSettings?: boolean;
    readonly packages: readonly CatalogPackage[];
}
export interface ApsCatalog {
    /** Compared with `aps-catalog-url` character for character, as Plesk does. */
    readonly url: string;
    /** False simulates a catalog host that does not resolve (error 1023). */
    readonly resolvable?: boolean;
    readonly applications: readonly CatalogApplication[];
}
/** The server's catalogs configuration; the first is the default. */
export interface CatalogConfiguration {
    readonly catalogs: readonly ApsCatalog[];
}
export declare const DEMO_CATALOG: CatalogConfiguration;
export declare function loadCatalogFile(path: string): CatalogConfiguration;
/** Checks a catalogs configuration read from JSON, naming the first bad field. */
export declare function checkCatalogConfiguration(value: unknown, source: string): CatalogConfiguration;
