/** `pulumi-resource-plesk`: the native plugin of the `plesk` package (ApsPackage, Extension). */
import { PLESK_PACKAGE } from "../core/packages";
import { pleskSchema } from "./package-schema";
import { pluginVersion } from "./plugin-version";
import { servePlugin } from "./serve";

const version = pluginVersion();
void servePlugin({ package: PLESK_PACKAGE, version, schema: JSON.stringify(pleskSchema(version)) }, process.argv.slice(2));
