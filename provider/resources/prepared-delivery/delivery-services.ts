import { Limiter } from "../../basics/limiter";
import { getPreparedDelivery } from "../../getapp/delivery-api";
import { DeliveryWatcher } from "./delivery-watcher";
import type { GetAppEndpoint } from "../../getapp/getapp-endpoint";

/** What every PreparedDelivery in this process shares for one GetApp server. */
export interface DeliveryServices {
  readonly endpoint: GetAppEndpoint;
  readonly watcher: DeliveryWatcher;
  /** Few artifact downloads at once: each streams a whole file through the hash. */
  readonly verifications: Limiter;
}

/**
 * On `globalThis`, keyed by the endpoint's whole identity (URL, credentials, trust): the
 * provider module may be serialized by value.
 */
const REGISTRY = "__pulumiPleskApsDeliveries";
const VERIFICATIONS_AT_ONCE = 4;

export function deliveryServices(endpoint: GetAppEndpoint): DeliveryServices {
  const holder = globalThis as { [REGISTRY]?: Map<string, DeliveryServices> };
  const registry = (holder[REGISTRY] ??= new Map());
  let services = registry.get(endpoint.identity);
  if (!services) {
    services = {
      endpoint,
      watcher: new DeliveryWatcher((catalogId) => getPreparedDelivery(endpoint, catalogId)),
      verifications: new Limiter(VERIFICATIONS_AT_ONCE),
    };
    registry.set(endpoint.identity, services);
  }
  return services;
}
