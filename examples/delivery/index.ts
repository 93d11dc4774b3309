import { PreparedDelivery } from "pulumi-plesk-aps";

// Software for one device: prepared by GetApp, then each artifact downloaded and its SHA-256 checked.
const navigator = new PreparedDelivery("navigator", { catalogId: "navigator-2.4.1", deviceId: "device-17", itemType: "software" });

// A large map whose preparation may outlast one run: the next `pulumi up` resumes the wait.
const northSector = new PreparedDelivery("north-sector", {
  catalogId: "map-north-sector-2026-10",
  deviceId: "device-17",
  itemType: "map",
  timeoutSeconds: 1800,
});

export const navigatorArtifacts = navigator.artifacts;
export const northSectorStatus = northSector.status;
