import type { PleskEndpoint } from "../../plesk/endpoint";
import type { PleskFleet } from "./plesk-fleet";
import { isUnknown, type CheckFailure } from "./resource-values";

/** The checks every Plesk resource makes of its `server` input and the server it names. */
export interface PleskChecks {
  connectionProblem(fleet: PleskFleet, inputs: { readonly server?: unknown }): CheckFailure | undefined;
  serverProblem(fleet: PleskFleet, inputs: { readonly server?: unknown }): Promise<CheckFailure | undefined>;
}

/** `checkOf` asks the server once per process whether it can be worked with (the request each resource needs). */
export function pleskChecks(checkOf: (endpoint: PleskEndpoint) => () => Promise<void>): PleskChecks {
  return {
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
      const server = inputs.server;
      if (fleet.skipServerCheck || isUnknown(server) || (server !== undefined && typeof server !== "string")) return undefined;
      const { endpoint } = fleet.connectionFor(server);
      try {
        await checkOf(endpoint)();
        return undefined;
      } catch (error) {
        return {
          property: "",
          reason: `the Plesk server at ${endpoint.origin} cannot be worked with (checked with one request, before anything would change; skipServerCheck true skips the check): ${(error as Error).message}`,
        };
      }
    },
  };
}
