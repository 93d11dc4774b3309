import * as pulumi from "@pulumi/pulumi";
import { preloadBuiltinsQuietly } from "./quiet-builtins";
// What Pulumi's dynamic-provider host runs for every resource of this type. A module: Pulumi
// stores one `require` of its name with each resource.
import * as extensionProvider from "../handlers/extension-provider";

preloadBuiltinsQuietly();

export interface ExtensionArgs {
  /** The id Plesk knows the extension by, e.g. `"wp-toolkit"`, `"letsencrypt"`. The resource id. Changing it replaces the resource. */
  extensionId: pulumi.Input<string>;
  /** Install from the extension ZIP at this http(s) URL instead of Plesk's Extensions Catalog. Changing it changes nothing on the server. */
  url?: pulumi.Input<string>;
  /**
   * How long `pulumi up` waits for Plesk's install to end, in seconds (default 900). An install
   * that outlives it goes on in Plesk; the next `pulumi up` records what it produced, without
   * installing again.
   */
  installTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Which Plesk server holds it: a name from the stack's `plesk:servers`. Left out: the default
   * connection (`plesk:url` …). Changing it replaces the resource.
   */
  server?: pulumi.Input<string>;
}

/**
 * A Plesk extension a server must have installed (WP Toolkit, Let's Encrypt, Docker, Git …).
 * Adopted when it is installed already, else installed from Plesk's Extensions Catalog (or a ZIP
 * URL). Deleting the resource uninstalls what it installed; an adopted extension stays. Plesk
 * updates extensions itself: `version` and `release` are news, never a change. Plesk Onyx 17.0
 * (XML API 1.6.8.0) and later. The resource id is the extension id.
 */
export class Extension extends pulumi.dynamic.Resource {
  declare readonly extensionId: pulumi.Output<string>;
  /** The extension's name, as Plesk shows it. */
  declare readonly name: pulumi.Output<string>;
  /** The installed version, as Plesk reports it now. */
  declare readonly version: pulumi.Output<string>;
  declare readonly release: pulumi.Output<string>;
  /** Whether the extension is enabled in Plesk. */
  declare readonly active: pulumi.Output<boolean>;
  /** True when it was installed before this resource was created: nothing was installed, and delete leaves it. */
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: ExtensionArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { name: undefined, version: undefined, release: undefined, active: undefined, adopted: undefined };
    super(extensionProvider, name, { ...outputs, ...args }, opts, "plesk", "Extension");
  }
}
