import { setTimeout as delay } from "node:timers/promises";
import * as pulumi from "@pulumi/pulumi";
import { pleskConnection } from "../provider/config";
import { downloadPackage, getDownloadStatus, getPackages } from "../provider/plesk/aps";
import { pleskClient } from "../provider/plesk/client";
import type { PleskEndpoint } from "../provider/plesk/endpoint";

/** The common client's polling interval. */
export const BASELINE_POLL_MS = 2_000;

/**
 * The baseline: what every known client of this API does. Each resource starts its download,
 * then asks for its own task alone every 2 s; each read asks for one package. Same Plesk
 * client and transport as ApsPackage, so only the strategy differs.
 */
export const baselineProvider: pulumi.dynamic.ResourceProvider & { endpoint?: PleskEndpoint } = {
  async configure(request) {
    this.endpoint = pleskConnection(request.config, process.env).endpoint;
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
