/**
 * STABLE ENTRY MODULE: `pulumi-plesk-aps/handlers/prepared-delivery`.
 *
 * Each PreparedDelivery method, with the provider object first: configure, check, diff, create,
 * read, update, remove. `pulumi-plesk-aps/providers/prepared-delivery` passes its calls on here, and
 * providers stored in states by earlier versions call these names directly. A refresh or destroy
 * runs such a stored provider against whatever version is installed then, so renaming, moving
 * or removing any of them breaks those stacks. See docs/development.md, "Compatibility of
 * stored providers"; test/stored-providers.test.ts pins them.
 */
import { getappConnection } from "../resources/common/config";
import { entryModule } from "../resources/common/entry-module";
import { diffPreparedDelivery } from "../resources/prepared-delivery/delivery-diff";
import { checkPreparedDeliveryInputs } from "../resources/prepared-delivery/delivery-inputs";
import { createDelivery, deleteDelivery, readDelivery, updateDelivery } from "../resources/prepared-delivery/delivery-lifecycle";
import { deliveryServices } from "../resources/prepared-delivery/delivery-services";

export const { configure, check, diff, create, read, update, remove } = entryModule({
  resource: "PreparedDelivery",
  connect: getappConnection,
  context: (connection, say) => ({ ...deliveryServices(connection.endpoint), ...say }),
  checkInputs: checkPreparedDeliveryInputs,
  diff: diffPreparedDelivery,
  create: createDelivery,
  read: readDelivery,
  update: updateDelivery,
  remove: deleteDelivery,
});
