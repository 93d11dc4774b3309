import * as pulumi from "@pulumi/pulumi";
import { preloadBuiltinsQuietly } from "./quiet-builtins";
// What Pulumi's dynamic-provider host runs for every resource of this type. A module: Pulumi
// stores one `require` of its name with each resource.
import * as apsPackageProvider from "../handlers/aps-package-provider";

preloadBuiltinsQuietly();

export interface ApsPackageArgs {
  /** The package name exactly as the APS catalog lists it, e.g. `"WordPress"`. Changing it replaces the resource. */
  name: pulumi.Input<string>;
  /**
   * The application version, e.g. `"6.4"`. Left out: Plesk downloads the catalog's highest, and
   * any version already on the server satisfies it. Changing it replaces the resource: Plesk keeps
   * each version as a package of its own.
   */
  version?: pulumi.Input<string>;
  /** The package release within the version, e.g. `"2"`. Left out: the highest. Changing it replaces the resource. */
  release?: pulumi.Input<string>;
  /** The application vendor as the catalog lists it; narrows the match. Changing it replaces the resource. */
  vendor?: pulumi.Input<string>;
  /** The packager as the catalog lists it; narrows the match. Changing it replaces the resource. */
  packager?: pulumi.Input<string>;
  /**
   * The APS catalog to download from, exactly as the server's catalogs configuration has it (a
   * missing trailing slash is a different catalog). Left out: the server's first catalog.
   */
  catalogUrl?: pulumi.Input<string>;
  /**
   * Whether customers and resellers see the package. Left out: not managed. Changed in place.
   * On delete a managed package is hidden, but only one this resource downloaded (not adopted)
   * and no other resource of the program still holds.
   */
  visible?: pulumi.Input<boolean>;
  /**
   * How long `pulumi up` waits for the download, in seconds (default 3600). When it passes, the
   * download goes on in Plesk and the next `pulumi up` resumes waiting on the same task.
   */
  downloadTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Which Plesk server holds it: a name from the stack's `plesk:servers`. Left out: the default
   * connection (`plesk:url` …). Changing it replaces the resource.
   */
  server?: pulumi.Input<string>;
}

/**
 * An APS application package on a Plesk server. Created by adopting an identical package
 * already there, or by downloading it from the APS catalog. Plesk has no API to remove a
 * package: deleting the resource leaves it on the server (see `visible` for when it is hidden).
 * The resource id is the Plesk package id.
 */
export class ApsPackage extends pulumi.dynamic.Resource {
  /** The id Plesk gave the package. */
  declare readonly packageId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The version on the server: the one pinned, or the one Plesk chose. */
  declare readonly version: pulumi.Output<string>;
  declare readonly release: pulumi.Output<string>;
  declare readonly vendor: pulumi.Output<string>;
  declare readonly packager: pulumi.Output<string>;
  /** Uploaded to the server by hand rather than downloaded from a catalog. */
  declare readonly isUploaded: pulumi.Output<boolean>;
  /** Whether customers and resellers see it. */
  declare readonly isVisible: pulumi.Output<boolean>;
  /** The application needs global settings filled in before it can be installed. */
  declare readonly globalSettingsNotSet: pulumi.Output<boolean>;
  /** The Plesk download task that brought it; absent when adopted. */
  declare readonly downloadTaskId: pulumi.Output<string | undefined>;
  /** The size Plesk reported for the download, in bytes. */
  declare readonly totalBytes: pulumi.Output<number | undefined>;
  /** True when an identical package was already on the server and nothing was downloaded. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ApsPackageArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      packageId: undefined,
      version: undefined,
      release: undefined,
      vendor: undefined,
      packager: undefined,
      isUploaded: undefined,
      isVisible: undefined,
      globalSettingsNotSet: undefined,
      downloadTaskId: undefined,
      totalBytes: undefined,
      adopted: undefined,
    };
    super(apsPackageProvider, name, { ...outputs, ...args }, opts, "plesk", "ApsPackage");
  }
}
