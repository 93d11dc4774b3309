/** `pulumi-resource-plesk`: the native plugin of the `plesk` package (ApsPackage). */
import { APS_PACKAGE_RESOURCE } from "../resources/aps-package/package-resource";
import { pleskSchema } from "./package-schema";
import { pluginVersion } from "./plugin-version";
import { servePlugin } from "./serve";

const version = pluginVersion();
void servePlugin(
  { name: "plesk", version, type: "plesk:index:ApsPackage", lifecycle: APS_PACKAGE_RESOURCE, schema: JSON.stringify(pleskSchema(version)) },
  process.argv.slice(2),
);
