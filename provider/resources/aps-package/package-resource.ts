import type { PleskFleet } from "../common/plesk-fleet";
import type { ResourceLifecycle } from "../common/resource-lifecycle";
import { isUnknown } from "../common/resource-values";
import { endpointServices } from "./endpoint-services";
import { diffApsPackage } from "./package-diff";
import { checkApsPackageInputs, type ApsPackageInputs } from "./package-inputs";
import {
  adoptPackage,
  createPackage,
  deletePackage,
  holdPackage,
  readPackage,
  updatePackage,
  type LifecycleContext,
} from "./package-lifecycle";
import type { ApsPackageOutputs } from "./package-state";

/** ApsPackage, as both front doors serve it. */
export const APS_PACKAGE_RESOURCE: ResourceLifecycle<PleskFleet, LifecycleContext, ApsPackageInputs, ApsPackageOutputs> = {
  resource: "ApsPackage",
  context: (fleet, say, resource) => {
    const server = typeof resource.server === "string" ? resource.server : undefined;
    // Every server of the stack is known to the reads, so that one server's refresh lists the others ahead.
    for (const connection of fleet.connections) endpointServices(connection.endpoint);
    return { ...endpointServices(fleet.connectionFor(server).endpoint, say.say), ...say };
  },
  checkInputs: checkApsPackageInputs,
  connectionProblem(fleet, inputs) {
    const server = inputs.server;
    // A server not known yet (a preview) is checked when it is; a wrong type already failed.
    if (isUnknown(server) || (server !== undefined && typeof server !== "string")) return undefined;
    try {
      fleet.connectionFor(server);
      return undefined;
    } catch (error) {
      return { property: server === undefined ? "" : "server", reason: (error as Error).message };
    }
  },
  async serverProblem(fleet, inputs) {
    if (fleet.skipServerCheck || isUnknown(inputs.server)) return undefined;
    const { origin, checkServer } = endpointServices(fleet.connectionFor(inputs.server).endpoint);
    try {
      await checkServer();
      return undefined;
    } catch (error) {
      return {
        property: "",
        reason: `the Plesk server at ${origin} cannot be worked with (checked with one request, before anything would change; skipServerCheck true skips the check): ${(error as Error).message}`,
      };
    }
  },
  diff: diffApsPackage,
  holds: holdPackage,
  timeLimit: (inputs) => ({ seconds: inputs.downloadTimeoutSeconds, setBy: "downloadTimeoutSeconds" }),
  create: createPackage,
  read: readPackage,
  adopt: adoptPackage,
  update: updatePackage,
  settling: (state) => state.packageId === undefined,
  remove: deletePackage,
};
