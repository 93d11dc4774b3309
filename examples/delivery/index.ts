import { PreparedDelivery } from "pulumi-plesk-aps";

// Software for one device, prepared by GetApp. GetApp announces no hash for software, so its
// artifacts are kept unverified, each output saying why.
const navigator = new PreparedDelivery("navigator", { catalogId: "navigator-2.4.1", deviceId: "device-17", itemType: "software" });

// A large map whose preparation may outlast one run: the next `pulumi up` resumes the wait. Its
// gpkg artifact carries a hash: downloaded and SHA-256 checked once ready.
const northSector = new PreparedDelivery("north-sector", {
  catalogId: "map-north-sector-2026-10",
  deviceId: "device-17",
  itemType: "map",
  timeoutSeconds: 1800,
});

export const navigatorArtifacts = navigator.artifacts;
export const northSectorStatus = northSector.status;
