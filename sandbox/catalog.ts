import { readFileSync } from "node:fs";
import demoCatalog from "./demo-catalog.json";

/** One downloadable package of an application in an APS catalog. */
export interface CatalogPackage {
  readonly version: string;
  readonly release: string;
  readonly sizeBytes: number;
}

export interface CatalogApplication {
  readonly name: string;
  readonly vendor: string;
  readonly packager: string;
  /** Plesk flags applications whose global settings must be filled in before use. */
  readonly needsGlobalSettings?: boolean;
  readonly packages: readonly CatalogPackage[];
}

export interface ApsCatalog {
  /** Compared with `aps-catalog-url` character for character, as Plesk does. */
  readonly url: string;
  /** False simulates a catalog host that does not resolve (error 1023). */
  readonly resolvable?: boolean;
  readonly applications: readonly CatalogApplication[];
}

/** The server's catalogs configuration; the first is the default. */
export interface CatalogConfiguration {
  readonly catalogs: readonly ApsCatalog[];
}

export const DEMO_CATALOG: CatalogConfiguration = checkCatalogConfiguration(demoCatalog, "the demo catalog");

export function loadCatalogFile(path: string): CatalogConfiguration {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new Error(`catalog file ${path}: ${(cause as Error).message}`, { cause });
  }
  return checkCatalogConfiguration(parsed, `catalog file ${path}`);
}

/** Checks a catalogs configuration read from JSON, naming the first bad field. */
export function checkCatalogConfiguration(value: unknown, source: string): CatalogConfiguration {
  const fail = (where: string, expected: string): never => {
    throw new Error(`${source}: ${where} must be ${expected}`);
  };
  const record = (item: unknown, where: string) =>
    typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : fail(where, "an object");
  const list = (item: unknown, where: string) => (Array.isArray(item) ? item : fail(where, "a list"));
  const text = (item: unknown, where: string) =>
    typeof item === "string" && item.trim() !== "" ? item : fail(where, "a non-empty string");

  const catalogs = list(record(value, "the top level").catalogs, "catalogs");
  if (catalogs.length === 0) fail("catalogs", "a non-empty list");
  catalogs.forEach((catalogValue, c) => {
    const catalog = record(catalogValue, `catalogs[${c}]`);
    text(catalog.url, `catalogs[${c}].url`);
    if (catalog.resolvable !== undefined && typeof catalog.resolvable !== "boolean") fail(`catalogs[${c}].resolvable`, "true or false");
    list(catalog.applications, `catalogs[${c}].applications`).forEach((appValue, a) => {
      const where = `catalogs[${c}].applications[${a}]`;
      const app = record(appValue, where);
      ["name", "vendor", "packager"].forEach((field) => text(app[field], `${where}.${field}`));
      list(app.packages, `${where}.packages`).forEach((pkgValue, p) => {
        const pkg = record(pkgValue, `${where}.packages[${p}]`);
        text(pkg.version, `${where}.packages[${p}].version`);
        text(pkg.release, `${where}.packages[${p}].release`);
        const size = pkg.sizeBytes;
        if (typeof size !== "number" || !Number.isSafeInteger(size) || size <= 0)
          fail(`${where}.packages[${p}].sizeBytes`, "a positive whole number");
      });
    });
  });
  return value as CatalogConfiguration;
}
