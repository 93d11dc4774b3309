export { startSandbox, STATS_PATH, type Sandbox, type SandboxOptions } from "./start-sandbox";
export { DEMO_CATALOG, checkCatalogConfiguration, loadCatalogFile } from "./catalog";
export type { ApsCatalog, CatalogApplication, CatalogConfiguration, CatalogPackage } from "./catalog";
export type { ApsFaults, ApsServerState, DownloadTask, SandboxPlatform, ServerPackage } from "./aps-state";
export type { SandboxClock } from "./clock";
export type { RequestCounts } from "./request-stats";
export type { TaskLogEntry } from "./task-log";
