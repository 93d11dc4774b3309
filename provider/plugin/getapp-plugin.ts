/** `pulumi-resource-getapp`: the native plugin of the `getapp` package (PreparedDelivery). */
import { PREPARED_DELIVERY_RESOURCE } from "../resources/prepared-delivery/delivery-resource";
import { getappSchema } from "./package-schema";
import { pluginVersion } from "./plugin-version";
import { servePlugin } from "./serve";

const version = pluginVersion();
void servePlugin(
  {
    name: "getapp",
    version,
    type: "getapp:index:PreparedDelivery",
    lifecycle: PREPARED_DELIVERY_RESOURCE,
    schema: JSON.stringify(getappSchema(version)),
  },
  process.argv.slice(2),
);
