import { Extension } from "pulumi-plesk-aps";

/**
 * What every server of the fleet runs: WP Toolkit, installed where it is missing, and Let's
 * Encrypt, which Plesk ships installed, so it is adopted (and stays when the stack goes).
 * Each server is an entry of the stack's `plesk:servers`.
 */
const SERVERS = ["web1", "web2"] as const;
const EXTENSIONS = ["wp-toolkit", "letsencrypt"] as const;

export const versions: Record<string, Extension["version"]> = {};
for (const server of SERVERS) {
  for (const extensionId of EXTENSIONS) {
    versions[`${server}-${extensionId}`] = new Extension(`${server}-${extensionId}`, { extensionId, server }).version;
  }
}
