/** `pulumi-resource-getapp`: the native plugin of the `getapp` package (PreparedDelivery). */
import { GETAPP_PACKAGE } from "../core/packages";
import { getappSchema } from "./package-schema";
import { pluginVersion } from "./plugin-version";
import { servePlugin } from "./serve";

const version = pluginVersion();
void servePlugin({ package: GETAPP_PACKAGE, version, schema: JSON.stringify(getappSchema(version)) }, process.argv.slice(2));
