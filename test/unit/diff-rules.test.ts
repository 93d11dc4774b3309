import { diffApsPackage } from "../../provider/resources/aps-package/package-diff";
import type { ApsPackageInputs } from "../../provider/resources/aps-package/package-inputs";
import type { ApsPackageOutputs } from "../../provider/resources/aps-package/package-state";
import { UNKNOWN } from "../../provider/resources/common/resource-values";
import { diffPreparedDelivery } from "../../provider/resources/prepared-delivery/delivery-diff";
import type { PreparedDeliveryInputs } from "../../provider/resources/prepared-delivery/delivery-inputs";
import type { PreparedDeliveryOutputs } from "../../provider/resources/prepared-delivery/delivery-state";

// What a change of each input does, field by field, as the resources declare it.

const PACKAGE: ApsPackageOutputs = {
  packageId: "12",
  name: "WordPress",
  version: "6.4",
  release: "2",
  vendor: "WordPress",
  packager: "plesk.com",
  isVisible: true,
  adopted: false,
  downloadTimeoutSeconds: 3600,
};
const WANTED: ApsPackageInputs = { name: "WordPress", version: "6.4", downloadTimeoutSeconds: 3600 };

test.each<
  [string, Partial<ApsPackageOutputs>, Partial<ApsPackageInputs> | Record<string, unknown>, { changes: boolean; replaces: string[] }]
>([
  ["the same", {}, {}, { changes: false, replaces: [] }],
  ["another version: a new package", {}, { version: "6.5" }, { changes: true, replaces: ["version"] }],
  ["a version not known yet (preview)", {}, { version: UNKNOWN }, { changes: true, replaces: ["version"] }],
  ["release left out: whatever the server has", {}, { release: undefined }, { changes: false, replaces: [] }],
  ["release pinned to what the server has", {}, { release: "2" }, { changes: false, replaces: [] }],
  ["release pinned to another", {}, { release: "3" }, { changes: true, replaces: ["release"] }],
  ["a catalog URL added", {}, { catalogUrl: "https://catalog.example/" }, { changes: true, replaces: ["catalogUrl"] }],
  ["a catalog URL left out", { catalogUrl: "https://catalog.example/" }, {}, { changes: true, replaces: ["catalogUrl"] }],
  ["visible as the server has it, newly managed", {}, { visible: true }, { changes: true, replaces: [] }],
  ["visible as the server has it, managed before", { visible: true }, { visible: true }, { changes: false, replaces: [] }],
  ["visible differs from the server: in place", { visible: true, isVisible: false }, { visible: true }, { changes: true, replaces: [] }],
  ["visibility no longer managed", { visible: false, isVisible: false }, {}, { changes: true, replaces: [] }],
  ["another timeout: recorded only", {}, { downloadTimeoutSeconds: 60 }, { changes: true, replaces: [] }],
  ["another server of plesk:servers: another package", { server: "web1" }, { server: "web2" }, { changes: true, replaces: ["server"] }],
  ["from the default connection to a named server", {}, { server: "web1" }, { changes: true, replaces: ["server"] }],
  ["the same named server", { server: "web1" }, { server: "web1" }, { changes: false, replaces: [] }],
  ["a download not finished: resumed", { packageId: undefined, downloadTaskId: "5" }, {}, { changes: true, replaces: [] }],
])("ApsPackage: %s", (_case, state, wanted, expected) => {
  const diff = diffApsPackage({ ...PACKAGE, ...state }, { ...WANTED, ...wanted } as ApsPackageInputs);
  expect(diff).toEqual({ ...expected, deleteBeforeReplace: false });
});

const DELIVERY: PreparedDeliveryOutputs = {
  catalogId: "navigator-2.4.1",
  deviceId: "device-17",
  itemType: "software",
  verifyArtifacts: true,
  requireArtifactHashes: false,
  timeoutSeconds: 3600,
  status: "done",
  progress: 100,
  artifacts: [{ itemKey: "a", url: "https://getapp.example/a", verified: true }],
};
const ASKED: PreparedDeliveryInputs = {
  catalogId: "navigator-2.4.1",
  deviceId: "device-17",
  itemType: "software",
  verifyArtifacts: true,
  requireArtifactHashes: false,
  timeoutSeconds: 3600,
};

test.each<
  [
    string,
    Partial<PreparedDeliveryOutputs>,
    Partial<PreparedDeliveryInputs> | Record<string, unknown>,
    { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean },
  ]
>([
  ["the same", {}, {}, { changes: false, replaces: [], deleteBeforeReplace: false }],
  [
    "another catalog item: created first",
    {},
    { catalogId: "navigator-2.5.0" },
    { changes: true, replaces: ["catalogId"], deleteBeforeReplace: false },
  ],
  [
    "another device, same catalog id: deleted first",
    {},
    { deviceId: "device-18" },
    { changes: true, replaces: ["deviceId"], deleteBeforeReplace: true },
  ],
  ["a device not known yet", {}, { deviceId: UNKNOWN }, { changes: true, replaces: ["deviceId"], deleteBeforeReplace: true }],
  ["GetApp reported it failed: asked anew", { status: "error" }, {}, { changes: true, replaces: ["status"], deleteBeforeReplace: true }],
  ["still preparing: resumed", { status: "inProgress", progress: 40 }, {}, { changes: true, replaces: [], deleteBeforeReplace: false }],
  [
    "verification asked, an artifact with a hash unverified",
    { artifacts: [{ itemKey: "a", url: "https://getapp.example/a", hash: "00", verified: false }] },
    {},
    { changes: true, replaces: [], deleteBeforeReplace: false },
  ],
  [
    "verification switched off",
    { artifacts: [{ itemKey: "a", url: "u", verified: false }], verifyArtifacts: false },
    { verifyArtifacts: false },
    { changes: false, replaces: [], deleteBeforeReplace: false },
  ],
  [
    "an artifact GetApp announced no hash for: settled",
    {
      artifacts: [
        { itemKey: "a", url: "https://getapp.example/a", verified: false, verification: "not verified: GetApp announced no hash for it" },
      ],
    },
    {},
    { changes: false, replaces: [], deleteBeforeReplace: false },
  ],
  [
    "hashes now required, an artifact without one: checked again",
    {
      artifacts: [
        { itemKey: "a", url: "https://getapp.example/a", verified: false, verification: "not verified: GetApp announced no hash for it" },
      ],
    },
    { requireArtifactHashes: true },
    { changes: true, replaces: [], deleteBeforeReplace: false },
  ],
  ["another timeout: recorded only", {}, { timeoutSeconds: 60 }, { changes: true, replaces: [], deleteBeforeReplace: false }],
])("PreparedDelivery: %s", (_case, state, asked, expected) => {
  expect(diffPreparedDelivery({ ...DELIVERY, ...state }, { ...ASKED, ...asked } as PreparedDeliveryInputs)).toEqual(expected);
});

test("PreparedDelivery: a state written before requireArtifactHashes existed holds its default, so no change", () => {
  const { requireArtifactHashes: _added, ...stored } = DELIVERY;
  const older: PreparedDeliveryOutputs = JSON.parse(JSON.stringify(stored)); // as state arrives: JSON
  expect(diffPreparedDelivery(older, ASKED)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
});
