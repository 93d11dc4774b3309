import { ApsPackage } from "pulumi-plesk-aps";
import inventory from "./inventory.json";

/**
 * One program for a fleet: which packages each Plesk server must hold, from one inventory file.
 * Each server is named in the stack's `plesk:servers` (URL, credentials as secrets, CA).
 */
interface InventoryPackage {
  readonly name: string;
  readonly version?: string;
  readonly release?: string;
  readonly visible?: boolean;
}

const servers: Readonly<Record<string, { readonly packages: readonly InventoryPackage[] }>> = inventory.servers;

export const packageIds: Record<string, ApsPackage["packageId"]> = {};
for (const [server, { packages }] of Object.entries(servers)) {
  for (const args of packages) {
    const name = `${server}-${args.name.toLowerCase()}`;
    packageIds[name] = new ApsPackage(name, { ...args, server }).packageId;
  }
}
