import type { PleskFleet } from "../common/plesk-fleet";
import type { ResourceLifecycle } from "../common/resource-lifecycle";
import { pleskChecks } from "../common/plesk-checks";
import { packageServices } from "./package-services";
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
    for (const connection of fleet.connections) packageServices(connection.endpoint);
    return { ...packageServices(fleet.connectionFor(server).endpoint, say.say), ...say };
  },
  checkInputs: checkApsPackageInputs,
  ...pleskChecks((endpoint) => packageServices(endpoint).checkServer),
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
