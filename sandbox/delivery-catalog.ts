import { readFileSync } from "node:fs";
import demoDeliveryCatalog from "./demo-delivery-catalog.json";

export const ITEM_TYPES = ["software", "map", "cache", "config"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const HASH_ALGORITHMS = ["SHA256Hex", "SHA256Base64"] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/**
 * Artifacts GetApp does not serve as files: a Docker image's URL is a registry path, an rpm's or
 * deb's `rpm://name` / `deb://name`, resolved by the device's own package manager.
 */
export const NON_FILE_ARTIFACT_TYPES = ["docker_image", "rpm", "deb"] as const;

/** One artifact of a delivery item. The sandbox makes a file's bytes from the item key. */
export interface CatalogArtifact {
  readonly itemKey: string;
  readonly artifactType?: string;
  readonly metaData?: string;
  /** A file's size; absent for the non-file types. */
  readonly sizeBytes?: number;
  /** Only a map's `gpkg` artifact carries a hash on a real server, and only SHA256Hex. */
  readonly hashAlgorithm?: HashAlgorithm;
  readonly signature?: string;
  readonly isExecutable?: boolean;
  readonly arguments?: string;
}

export interface DeliveryItem {
  readonly catalogId: string;
  readonly itemType: ItemType;
  /** False for a release not yet released: GetApp answers `DELIVERY.downloadNotAvailable`. Defaults to true. */
  readonly released?: boolean;
  readonly artifacts: readonly CatalogArtifact[];
}

export interface DeliveryCatalog {
  readonly items: readonly DeliveryItem[];
}

export const DEMO_DELIVERY_CATALOG: DeliveryCatalog = checkDeliveryCatalog(demoDeliveryCatalog, "the demo delivery catalog");

export function loadDeliveryCatalogFile(path: string): DeliveryCatalog {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new Error(`delivery catalog file ${path}: ${(cause as Error).message}`, { cause });
  }
  return checkDeliveryCatalog(parsed, `delivery catalog file ${path}`);
}

/** Checks a delivery catalog read from JSON, naming the first bad field. */
export function checkDeliveryCatalog(value: unknown, source: string): DeliveryCatalog {
  const fail = (where: string, expected: string): never => {
    throw new Error(`${source}: ${where} must be ${expected}`);
  };
  const record = (item: unknown, where: string) =>
    typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : fail(where, "an object");
  const text = (item: unknown, where: string) =>
    typeof item === "string" && item.trim() !== "" ? item : fail(where, "a non-empty string");
  const optional = (item: unknown, where: string, type: "string" | "boolean") => {
    if (item !== undefined && typeof item !== type) fail(where, `a ${type}`);
  };
  const oneOf = (item: unknown, where: string, choices: readonly string[]) => {
    if (!choices.includes(item as string)) fail(where, `one of ${choices.join(", ")}`);
  };

  const items = record(value, "the top level").items;
  if (!Array.isArray(items) || items.length === 0) fail("items", "a non-empty list");
  const seen = new Set<string>();
  (items as unknown[]).forEach((itemValue, i) => {
    const item = record(itemValue, `items[${i}]`);
    const catalogId = text(item.catalogId, `items[${i}].catalogId`);
    if (seen.has(catalogId)) fail(`items[${i}].catalogId`, `unique ("${catalogId}" appears twice)`);
    seen.add(catalogId);
    oneOf(item.itemType, `items[${i}].itemType`, ITEM_TYPES);
    optional(item.released, `items[${i}].released`, "boolean");
    if (!Array.isArray(item.artifacts) || item.artifacts.length === 0) fail(`items[${i}].artifacts`, "a non-empty list");
    (item.artifacts as unknown[]).forEach((artifactValue, a) => {
      const where = `items[${i}].artifacts[${a}]`;
      const artifact = record(artifactValue, where);
      const itemKey = text(artifact.itemKey, `${where}.itemKey`);
      const isFile = !(NON_FILE_ARTIFACT_TYPES as readonly unknown[]).includes(artifact.artifactType);
      if (isFile && (!Number.isSafeInteger(artifact.sizeBytes) || (artifact.sizeBytes as number) <= 0))
        fail(`${where}.sizeBytes`, "a whole number of bytes above 0");
      if (!isFile && artifact.sizeBytes !== undefined)
        fail(`${where}.sizeBytes`, `absent for a ${artifact.artifactType as string} artifact`);
      if (artifact.hashAlgorithm !== undefined) {
        if (item.itemType !== "map" || itemKey !== "gpkg")
          fail(`${where}.hashAlgorithm`, "absent: GetApp announces a hash only for a map's gpkg artifact");
        oneOf(artifact.hashAlgorithm, `${where}.hashAlgorithm`, ["SHA256Hex"]);
      }
      for (const field of ["artifactType", "metaData", "signature", "arguments"]) optional(artifact[field], `${where}.${field}`, "string");
      optional(artifact.isExecutable, `${where}.isExecutable`, "boolean");
    });
  });
  return value as DeliveryCatalog;
}
