import { pleskChecks } from "../common/plesk-checks";
import type { PleskFleet } from "../common/plesk-fleet";
import type { ResourceLifecycle } from "../common/resource-lifecycle";
import { diffExtension } from "./extension-diff";
import { checkExtensionInputs, type ExtensionInputs } from "./extension-inputs";
import {
  adoptExtension,
  createExtension,
  deleteExtension,
  holdExtension,
  readExtension,
  updateExtension,
  type ExtensionContext,
} from "./extension-lifecycle";
import { extensionServices } from "./extension-services";
import type { ExtensionOutputs } from "./extension-state";

/** Extension, as both front doors serve it. */
export const EXTENSION_RESOURCE: ResourceLifecycle<PleskFleet, ExtensionContext, ExtensionInputs, ExtensionOutputs> = {
  resource: "Extension",
  context: (fleet, say, resource) => {
    const server = typeof resource.server === "string" ? resource.server : undefined;
    return { ...extensionServices(fleet.connectionFor(server).endpoint), ...say };
  },
  checkInputs: checkExtensionInputs,
  // One `get` of the server's extensions: it also finds a Plesk without the extension operator, before anything is recorded.
  ...pleskChecks((endpoint) => extensionServices(endpoint).checkServer),
  diff: diffExtension,
  holds: holdExtension,
  timeLimit: (inputs) => ({ seconds: inputs.installTimeoutSeconds, setBy: "installTimeoutSeconds" }),
  create: createExtension,
  read: readExtension,
  adopt: adoptExtension,
  update: updateExtension,
  settling: (state) => state.installStartedAt !== undefined,
  remove: deleteExtension,
};
