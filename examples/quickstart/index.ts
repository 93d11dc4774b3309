import { ApsPackage } from "pulumi-plesk-aps";

// Pinned: exactly this version and release.
const wordpress = new ApsPackage("wordpress", { name: "WordPress", version: "6.4", release: "2" });

// Unpinned: the catalog's highest version, or whatever version the server already has.
const joomla = new ApsPackage("joomla", { name: "Joomla" });

// Managed visibility: customers do not see it until it is configured; hidden again on delete (it was downloaded here).
const nextcloud = new ApsPackage("nextcloud", { name: "Nextcloud", visible: false });

export const packageIds = {
  wordpress: wordpress.packageId,
  joomla: joomla.packageId,
  nextcloud: nextcloud.packageId,
};
export const joomlaVersion = joomla.version;
