export { ApsPackage, type ApsPackageArgs } from "./aps/aps-package";
export { compareVersions, comparePackageVersions, highestVersion, type VersionedPackage } from "./aps/version-order";
export * from "./plesk";
