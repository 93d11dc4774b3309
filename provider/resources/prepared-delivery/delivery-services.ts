import { Limiter } from "../../basics/limiter";
import { getPreparedDelivery, usesCache } from "../../getapp/delivery-api";
import { DeliveryWatcher } from "./delivery-watcher";
import type { GetAppEndpoint } from "../../getapp/endpoint";

/** What every PreparedDelivery in this process shares for one GetApp server. */
export interface DeliveryServices {
  readonly endpoint: GetAppEndpoint;
  readonly watcher: DeliveryWatcher;
  /** Few artifact downloads at once: each streams a whole file through the hash. */
  readonly verifications: Limiter;
  /**
   * Whether GetApp keeps a cache, asked once (`GET cache/config`, the cheapest request that needs
   * the credentials): a preview's check finds refused credentials, a server that does not answer
   * or a certificate that does not verify, and a delete knows whether there is anything to evict.
   */
  readonly cacheInUse: () => Promise<boolean>;
}

/**
 * On `globalThis`, keyed by the endpoint's whole identity (URL, credentials, trust): the
 * provider module may be serialized by value.
 */
const REGISTRY = "__pulumiPleskApsDeliveries";
const VERIFICATIONS_AT_ONCE = 4;
const SERVER_CHECK_MS = 20_000;

export function deliveryServices(endpoint: GetAppEndpoint): DeliveryServices {
  const holder = globalThis as { [REGISTRY]?: Map<string, DeliveryServices> };
  const registry = (holder[REGISTRY] ??= new Map());
  let services = registry.get(endpoint.identity);
  if (!services) {
    let asked: Promise<boolean> | undefined;
    services = {
      endpoint,
      watcher: new DeliveryWatcher((catalogId) => getPreparedDelivery(endpoint, catalogId)),
      verifications: new Limiter(VERIFICATIONS_AT_ONCE),
      cacheInUse: () => {
        asked ??= usesCache(endpoint, AbortSignal.timeout(SERVER_CHECK_MS));
        // A failed check is not kept: the next call (a later step) asks again.
        asked.catch(() => (asked = undefined));
        return asked;
      },
    };
    registry.set(endpoint.identity, services);
  }
  return services;
}
