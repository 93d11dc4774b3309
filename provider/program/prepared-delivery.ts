import * as pulumi from "@pulumi/pulumi";
import { preloadBuiltinsQuietly } from "./quiet-builtins";
import type { DeliveryState, ItemType } from "../getapp/delivery-api";
import type { ArtifactOutput } from "../resources/prepared-delivery/delivery-state";
// What Pulumi's dynamic-provider host runs for every resource of this type. A module: Pulumi
// stores one `require` of its name with each resource.
import * as preparedDeliveryProvider from "../handlers/prepared-delivery-provider";

preloadBuiltinsQuietly();

export interface PreparedDeliveryArgs {
  /** The GetApp catalog item to deliver, e.g. `"navigator-2.4.1"`. Changing it replaces the resource. */
  catalogId: pulumi.Input<string>;
  /** The device the delivery is prepared for. Changing it replaces the resource. */
  deviceId: pulumi.Input<string>;
  /** What the item is: `software`, `map`, `cache` or `config`. Changing it replaces the resource. */
  itemType: pulumi.Input<ItemType>;
  /**
   * Download every artifact once it is ready and check its SHA-256 against the hash GetApp
   * announced (default true). The files are streamed through the hash, never held whole.
   */
  verifyArtifacts?: pulumi.Input<boolean>;
  /**
   * How long `pulumi up` waits for the preparation and the verification, in seconds (default
   * 3600). When it passes, GetApp goes on preparing and the next `pulumi up` resumes the wait.
   */
  timeoutSeconds?: pulumi.Input<number>;
}

/**
 * A delivery GetApp has prepared for a device: created by asking GetApp to prepare it and
 * waiting until its artifacts are ready (and verified); deleted by evicting it from GetApp's
 * cache. The resource id is the catalog id.
 */
export class PreparedDelivery extends pulumi.dynamic.Resource {
  /** `done` once ready; `error` when a refresh found it failed (the next update replaces it). */
  declare readonly status: pulumi.Output<DeliveryState>;
  /** Percent prepared, 100 when done. */
  declare readonly progress: pulumi.Output<number>;
  /** The files of the delivery, with their download URLs and hashes. */
  declare readonly artifacts: pulumi.Output<ArtifactOutput[]>;
  /** Total bytes, when GetApp reports it. */
  declare readonly size: pulumi.Output<number | undefined>;
  /** GetApp's error code and message, when `status` is `error`. */
  declare readonly error: pulumi.Output<{ errorCode: string; message: string } | undefined>;

  constructor(name: string, args: PreparedDeliveryArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { status: undefined, progress: undefined, artifacts: undefined, size: undefined, error: undefined };
    super(preparedDeliveryProvider, name, { ...outputs, ...args }, opts, "getapp", "PreparedDelivery");
  }
}
