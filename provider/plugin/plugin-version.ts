import { readFileSync } from "node:fs";
import path from "node:path";

/** The version the plugins report: the npm package's, which the archives are named after. */
export function pluginVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
  const version = typeof manifest === "object" && manifest !== null && "version" in manifest ? manifest.version : undefined;
  if (typeof version !== "string") throw new Error("package.json has no version");
  return version;
}
