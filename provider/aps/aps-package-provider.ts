import * as pulumi from "@pulumi/pulumi";
import { settingsFailure } from "../resource-values";
import { pleskConnection, type PleskConnection } from "../config";
import { endpointServices } from "./endpoint-services";
import { checkApsPackageInputs, type ApsPackageInputs } from "./package-inputs";
import { diffApsPackage } from "./package-diff";
import { createPackage, deletePackage, readPackage, updatePackage, type LifecycleContext } from "./package-lifecycle";
import type { ApsPackageOutputs } from "./package-state";

/** Set by `configure()` in the provider host; never present where the provider is serialized. */
interface ProviderState {
  connection?: { readonly ok: PleskConnection } | { readonly error: Error };
}

type ApsPackageProvider = pulumi.dynamic.ResourceProvider & ProviderState;

// Written out rather than built by a factory shared with the other resource: Pulumi captures
// `module.fn` references as require() but copies function values whole, and a factory holding the
// lifecycle functions as values grew the installed __provider from about 4 KB to 26 KB (measured).
/**
 * What Pulumi's dynamic-provider host runs for every ApsPackage. Each method only maps the
 * host's call onto the lifecycle, so the serialized provider stays small and holds no secret:
 * credentials are read in `configure()`, inside the host, from the stack config or environment.
 */
export const apsPackageProvider: ApsPackageProvider = {
  async configure(request) {
    try {
      const connection = pleskConnection(request.config, process.env);
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
    return checkApsPackageInputs(news);
  },

  async diff(_id, olds, news) {
    return diffApsPackage(olds, news);
  },

  async create(inputs) {
    return createPackage(context(this), inputs as ApsPackageInputs, inputs);
  },

  async read(id, props) {
    return readPackage(context(this), id, props as ApsPackageOutputs);
  },

  async update(_id, olds, news) {
    return { outs: await updatePackage(context(this), olds as ApsPackageOutputs, news as ApsPackageInputs, news) };
  },

  async delete(_id, props) {
    await deletePackage(context(this), props as ApsPackageOutputs);
  },
};

function context(provider: ProviderState): LifecycleContext {
  const connection = provider.connection;
  if (connection === undefined) throw new Error("the provider was not configured: the Pulumi engine calls Configure before any resource call");
  if ("error" in connection) throw connection.error;
  return {
    ...endpointServices(connection.ok.endpoint),
    say: (line) => void pulumi.log.info(line),
    warn: (line) => void pulumi.log.warn(line),
  };
}
