import { readFileSync } from "node:fs";
import path from "node:path";
import { DescribedError } from "../basics/errors";

/** The version the plugins report: the npm package's, which the archives are named after. */
export function pluginVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
  const version = typeof manifest === "object" && manifest !== null && "version" in manifest ? manifest.version : undefined;
  if (typeof version !== "string")
    throw new DescribedError(
      "RESOURCE_PLUGIN_INCOMPLETE",
      "the plugin's package.json has no version: install the plugin again from its archive",
    );
  return version;
}
