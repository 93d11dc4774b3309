import { setTimeout as delay } from "node:timers/promises";
import type * as pulumi from "@pulumi/pulumi";
// The package's public client (its root export once installed): only the strategy differs.
import { downloadPackage, getDownloadStatus, getPackages, pleskClient, pleskEndpoint, type PleskEndpoint } from "../provider";

/** The common client's polling interval. */
export const BASELINE_POLL_MS = 2_000;

/**
 * The baseline: what every known client of this API does. Each resource starts its download,
 * then asks for its own task alone every 2 s; each read asks for one package. Same Plesk
 * client and transport as ApsPackage, so only the strategy differs.
 */
export const baselineProvider: pulumi.dynamic.ResourceProvider & { endpoint?: PleskEndpoint } = {
  async configure(request) {
    const caCert = request.config.get("plesk:caCert");
    this.endpoint = pleskEndpoint({
      url: request.config.get("plesk:url") ?? "",
      auth: { kind: "login", login: request.config.get("plesk:login") ?? "", password: request.config.get("plesk:password") ?? "" },
      ...(caCert ? { tls: { caCert } } : {}),
    });
  },

  async create(inputs) {
    const client = pleskClient(this.endpoint!);
    const taskId = await downloadPackage(client, { package: { name: inputs.name } });
    for (;;) {
      await delay(BASELINE_POLL_MS);
      const status = (await getDownloadStatus(client, [taskId])).get(taskId)!;
      if (status.state === "failed") throw new Error(status.message);
      if (status.state !== "succeeded") continue;
      const found = (await getPackages(client, [status.packageId])).get(status.packageId);
      return { id: status.packageId, outs: { name: inputs.name, packageId: status.packageId, version: found?.version } };
    }
  },

  async read(id, props) {
    const found = (await getPackages(pleskClient(this.endpoint!), [id])).get(id);
    return found ? { id, props: { ...props, version: found.version } } : { id: "" };
  },
};
