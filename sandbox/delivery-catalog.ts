import { readFileSync } from "node:fs";
import demoDeliveryCatalog from "./demo-delivery-catalog.json";

export const ITEM_TYPES = ["software", "map", "cache", "config"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const HASH_ALGORITHMS = ["SHA256Hex", "SHA256Base64"] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** One file of a delivery item. The sandbox makes its bytes from the item key. */
export interface CatalogArtifact {
  readonly itemKey: string;
  readonly artifactType?: string;
  readonly metaData?: string;
  readonly sizeBytes: number;
  readonly hashAlgorithm: HashAlgorithm;
  readonly signature?: string;
  readonly isExecutable?: boolean;
  readonly arguments?: string;
}

export interface DeliveryItem {
  readonly catalogId: string;
  readonly itemType: ItemType;
  /** Simulates a package past its validity: preparing it ends in `DELIVERY.invalid`. */
  readonly expired?: boolean;
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
    optional(item.expired, `items[${i}].expired`, "boolean");
    if (!Array.isArray(item.artifacts) || item.artifacts.length === 0) fail(`items[${i}].artifacts`, "a non-empty list");
    (item.artifacts as unknown[]).forEach((artifactValue, a) => {
      const where = `items[${i}].artifacts[${a}]`;
      const artifact = record(artifactValue, where);
      text(artifact.itemKey, `${where}.itemKey`);
      if (!Number.isSafeInteger(artifact.sizeBytes) || (artifact.sizeBytes as number) <= 0)
        fail(`${where}.sizeBytes`, "a whole number of bytes above 0");
      oneOf(artifact.hashAlgorithm, `${where}.hashAlgorithm`, HASH_ALGORITHMS);
      for (const field of ["artifactType", "metaData", "signature", "arguments"]) optional(artifact[field], `${where}.${field}`, "string");
      optional(artifact.isExecutable, `${where}.isExecutable`, "boolean");
    });
  });
  return value as DeliveryCatalog;
}
