import { setTimeout as delay } from "node:timers/promises";
import type * as pulumi from "@pulumi/pulumi";
// The package's public GetApp client (`getapp` of its root export once installed): only the strategy differs.
import { getapp } from "../provider";

/** GetApp's own clients poll a preparation every 2 s. */
export const DELIVERY_BASELINE_POLL_MS = 2_000;

/**
 * The baseline for deliveries: what GetApp's own clients do. Each resource asks GetApp to
 * prepare its item, then asks for that one delivery every 2 s until it is done. Same GetApp
 * client and transport as PreparedDelivery, so only the strategy differs.
 */
export const deliveryBaselineProvider: pulumi.dynamic.ResourceProvider & { endpoint?: getapp.GetAppEndpoint } = {
  async configure(request) {
    const caCert = request.config.get("getapp:caCert");
    this.endpoint = getapp.getappEndpoint({
      url: request.config.get("getapp:url") ?? "",
      auth: { kind: "device-auth", secret: request.config.get("getapp:deviceAuth") ?? "" },
      ...(caCert ? { tls: { caCert } } : {}),
    });
  },

  async create(inputs) {
    const request = { catalogId: inputs.catalogId, deviceId: inputs.deviceId, itemType: inputs.itemType };
    let status = await getapp.prepareDelivery(this.endpoint!, request);
    while (status.state !== "done") {
      if (status.state === "error" || status.state === "delete") throw new Error(`${inputs.catalogId}: ${status.state}`);
      await delay(DELIVERY_BASELINE_POLL_MS);
      status = await getapp.getPreparedDelivery(this.endpoint!, inputs.catalogId);
    }
    return { id: inputs.catalogId, outs: { ...inputs, status: status.state, artifacts: status.artifacts.map((a) => a.url) } };
  },
};
