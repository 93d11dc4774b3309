/**
 * STABLE ENTRY MODULE: `pulumi-plesk-aps/handlers/aps-package`.
 *
 * Each ApsPackage method, with the provider object first: configure, check, diff, create, read,
 * update, remove. `pulumi-plesk-aps/providers/aps-package` passes its calls on here, and
 * providers stored in states by earlier versions call these names directly. A refresh or destroy
 * runs such a stored provider against whatever version is installed then, so renaming, moving
 * or removing any of them breaks those stacks. See docs/development.md, "Compatibility of
 * stored providers"; test/stored-providers.test.ts pins them.
 */
import { endpointServices } from "../resources/aps-package/endpoint-services";
import { diffApsPackage } from "../resources/aps-package/package-diff";
import { checkApsPackageInputs } from "../resources/aps-package/package-inputs";
import { createPackage, deletePackage, holdPackage, readPackage, updatePackage } from "../resources/aps-package/package-lifecycle";
import { entryModule } from "../resources/common/entry-module";
import { isUnknown } from "../resources/common/resource-values";
import { pleskFleet } from "../resources/common/plesk-fleet";

export const { configure, check, diff, create, read, update, remove } = entryModule({
  resource: "ApsPackage",
  connect: pleskFleet,
  context: (fleet, say, resource) => {
    const server = typeof resource.server === "string" ? resource.server : undefined;
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
  diff: diffApsPackage,
  holds: holdPackage,
  create: createPackage,
  read: readPackage,
  update: updatePackage,
  remove: deletePackage,
});
