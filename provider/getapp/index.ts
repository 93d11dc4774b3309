export {
  deleteCachedDeliveries,
  getPreparedDelivery,
  prepareDelivery,
  readDeliveryStatus,
  ITEM_TYPES,
  DELIVERY_STATES,
} from "./delivery-api";
export type { DeliveredArtifact, DeliveryRequest, DeliveryState, DeliveryStatus, HashAlgorithm, ItemType } from "./delivery-api";
export { checkArtifact, type ArtifactCheck } from "./artifact-verification";
export { getappEndpoint, normaliseGetAppUrl, type GetAppAuth, type GetAppEndpoint, type GetAppEndpointInput } from "./endpoint";
export * from "./errors";
