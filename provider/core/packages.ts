import { getappConnection, type GetAppConnection } from "../resources/common/config";
import { pleskFleet, type PleskFleet } from "../resources/common/plesk-fleet";
import { APS_PACKAGE_RESOURCE } from "../resources/aps-package/package-resource";
import { EXTENSION_RESOURCE } from "../resources/extension/extension-resource";
import { PREPARED_DELIVERY_RESOURCE } from "../resources/prepared-delivery/delivery-resource";
import type { ProviderPackage } from "./provider-package";

/** `plesk`: every Plesk resource, over one configuration (`plesk:*`, `plesk:servers`). */
export const PLESK_PACKAGE: ProviderPackage<PleskFleet> = {
  name: "plesk",
  connect: pleskFleet,
  resources: { "plesk:index:ApsPackage": APS_PACKAGE_RESOURCE, "plesk:index:Extension": EXTENSION_RESOURCE },
};

/** `getapp`: GetApp's prepared deliveries (`getapp:*`). */
export const GETAPP_PACKAGE: ProviderPackage<GetAppConnection> = {
  name: "getapp",
  connect: getappConnection,
  resources: { "getapp:index:PreparedDelivery": PREPARED_DELIVERY_RESOURCE },
};

export const APS_PACKAGE_TYPE = "plesk:index:ApsPackage";
export const EXTENSION_TYPE = "plesk:index:Extension";
export const PREPARED_DELIVERY_TYPE = "getapp:index:PreparedDelivery";
