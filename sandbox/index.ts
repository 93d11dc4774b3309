export { startSandbox, STATS_PATH, type ApsOperatorSupport, type Sandbox, type SandboxOptions } from "./start-sandbox";
export { DEMO_CATALOG, checkCatalogConfiguration, loadCatalogFile } from "./catalog";
export type { ApsCatalog, CatalogApplication, CatalogConfiguration, CatalogPackage } from "./catalog";
export type { ApsFaults, ApsServerState, DownloadTask, SandboxPlatform, ServerPackage } from "./aps-state";
export type { SandboxClock } from "./clock";
export type { RequestCounts } from "./request-stats";
export type { TaskLogEntry } from "./task-log";
export { DEMO_DELIVERY_CATALOG, checkDeliveryCatalog, loadDeliveryCatalogFile } from "./delivery-catalog";
export type { CatalogArtifact, DeliveryCatalog, DeliveryItem, HashAlgorithm, ItemType } from "./delivery-catalog";
export { GETAPP_MODES, SELF_PREPARE_DEVICE } from "./delivery-state";
export type {
  DeliveryFaults,
  DeliveryServerState,
  DeliveryStatus,
  DeliveryStatusBody,
  GetAppMode,
  PreparationLogEntry,
} from "./delivery-state";
export { DEMO_EXTENSIONS } from "./extension-state";
export type { CatalogExtension, ExtensionFaults, ExtensionServerState, InstalledExtension, InstallLogEntry } from "./extension-state";
export { formatLogEntry, type RequestLogEntry } from "./request-log";
export { credentialFingerprint } from "./credential-fingerprint";
