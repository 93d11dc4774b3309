export { ApsPackage, type ApsPackageArgs } from "./program/aps-package";
export { Extension, type ExtensionArgs } from "./program/extension";
export { PreparedDelivery, type PreparedDeliveryArgs } from "./program/prepared-delivery";
export type { ArtifactOutput } from "./resources/prepared-delivery/delivery-state";
export { compareVersions, comparePackageVersions, highestVersion, type VersionedPackage } from "./resources/aps-package/version-order";
export {
  ERROR_CODES,
  DescribedError,
  hasCode,
  SettingsError,
  TransportError,
  type ErrorCode,
  type TransportDetails,
  type TransportFailure,
} from "./basics/errors";
export * from "./plesk";
export * as getapp from "./getapp";
