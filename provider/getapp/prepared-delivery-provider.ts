import * as pulumi from "@pulumi/pulumi";
import { settingsFailure } from "../resource-values";
import { getappConnection, type GetAppConnection } from "../config";
import { checkPreparedDeliveryInputs, type PreparedDeliveryInputs } from "./delivery-inputs";
import { diffPreparedDelivery } from "./delivery-diff";
import { createDelivery, deleteDelivery, readDelivery, updateDelivery, type DeliveryContext } from "./delivery-lifecycle";
import { deliveryServices } from "./delivery-services";
import type { PreparedDeliveryOutputs } from "./delivery-state";

/** Set by `configure()` in the provider host; never present where the provider is serialized. */
interface ProviderState {
  connection?: { readonly ok: GetAppConnection } | { readonly error: Error };
}

type PreparedDeliveryProvider = pulumi.dynamic.ResourceProvider & ProviderState;

// Written out rather than built by a factory shared with the other resource: Pulumi captures
// `module.fn` references as require() but copies function values whole, and a factory holding the
// lifecycle functions as values grew the installed __provider from about 4 KB to 26 KB (measured).
/**
 * What Pulumi's dynamic-provider host runs for every PreparedDelivery. Credentials are read in
 * `configure()`, inside the host, so the serialized provider holds none.
 */
export const preparedDeliveryProvider: PreparedDeliveryProvider = {
  async configure(request) {
    try {
      const connection = getappConnection(request.config, process.env);
      this.connection = { ok: connection };
      for (const warning of connection.warnings) void pulumi.log.warn(warning);
    } catch (error) {
      // Kept, not thrown: the host caches this provider even when configure fails.
      this.connection = { error: error as Error };
    }
  },

  async check(_olds, news) {
    // A preview with unusable settings fails here, in one line naming the setting and the fix.
    const unusable = settingsFailure(this.connection);
    if (unusable) return { inputs: news, failures: [unusable] };
    return checkPreparedDeliveryInputs(news);
  },

  async diff(_id, olds, news) {
    return diffPreparedDelivery(olds, news);
  },

  async create(inputs) {
    return createDelivery(context(this), inputs as PreparedDeliveryInputs, inputs);
  },

  async read(id, props) {
    return readDelivery(context(this), id, props as PreparedDeliveryOutputs);
  },

  async update(_id, olds, news) {
    return { outs: await updateDelivery(context(this), olds as PreparedDeliveryOutputs, news as PreparedDeliveryInputs, news) };
  },

  async delete(_id, props) {
    await deleteDelivery(context(this), props as PreparedDeliveryOutputs);
  },
};

function context(provider: ProviderState): DeliveryContext {
  const connection = provider.connection;
  if (connection === undefined) throw new Error("the provider was not configured: the Pulumi engine calls Configure before any resource call");
  if ("error" in connection) throw connection.error;
  return {
    ...deliveryServices(connection.ok.endpoint),
    say: (line) => void pulumi.log.info(line),
    warn: (line) => void pulumi.log.warn(line),
  };
}
