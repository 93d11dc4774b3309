import type { Environment, StackConfig } from "../resources/common/config";
import type { ResourceLifecycle } from "../resources/common/resource-lifecycle";

/** What every connection tells the user once, when the provider is configured. */
export interface Warned {
  readonly warnings: readonly string[];
}

/** Inputs or state as they travel between the engine and the core: plain values by name. */
export type Values = Record<string, unknown>;

/**
 * A resource of a package, whatever its own context, inputs and state: a front door hands it
 * plain values, which its own checks and state readers turn into its types.
 */
export type PackageResource<Connection extends Warned> = ResourceLifecycle<Connection, unknown, Values, Values>;

/** A Pulumi package: its name, how its configuration becomes a connection, and its resources by type token. */
export interface ProviderPackage<Connection extends Warned> {
  /** `plesk`, `getapp`: the config namespace and the plugin's name. */
  readonly name: string;
  connect(config: StackConfig, env: Environment): Connection;
  /** By type token: `plesk:index:ApsPackage`. */
  readonly resources: Readonly<Record<string, PackageResource<Connection>>>;
}
