import type { GetAppConnection } from "../common/config";
import type { ResourceLifecycle } from "../common/resource-lifecycle";
import { diffPreparedDelivery } from "./delivery-diff";
import { checkPreparedDeliveryInputs, type PreparedDeliveryInputs } from "./delivery-inputs";
import { createDelivery, deleteDelivery, readDelivery, updateDelivery, type DeliveryContext } from "./delivery-lifecycle";
import { deliveryServices } from "./delivery-services";
import type { PreparedDeliveryOutputs } from "./delivery-state";

/**
 * PreparedDelivery, as both front doors serve it. Not importable: GetApp tells the state of a
 * catalog id's preparation, but not for which device or item type it was prepared.
 */
export const PREPARED_DELIVERY_RESOURCE: ResourceLifecycle<
  GetAppConnection,
  DeliveryContext,
  PreparedDeliveryInputs,
  PreparedDeliveryOutputs
> = {
  resource: "PreparedDelivery",
  context: (connection, say) => ({ ...deliveryServices(connection.endpoint), ...say }),
  checkInputs: checkPreparedDeliveryInputs,
  async serverProblem(connection) {
    if (connection.skipServerCheck) return undefined;
    try {
      await deliveryServices(connection.endpoint).cacheInUse();
      return undefined;
    } catch (error) {
      return {
        property: "",
        reason: `the GetApp server at ${connection.endpoint.origin} cannot be worked with (checked with one request, before anything would change; skipServerCheck true skips the check): ${(error as Error).message}`,
      };
    }
  },
  diff: diffPreparedDelivery,
  timeLimit: (inputs) => ({ seconds: inputs.timeoutSeconds, setBy: "timeoutSeconds" }),
  create: createDelivery,
  read: readDelivery,
  update: updateDelivery,
  remove: deleteDelivery,
};
