export * from "./plesk";
export { compareVersions, comparePackageVersions, highestVersion, type VersionedPackage } from "./aps/version-order";
