import type { GetAppEndpoint } from "./endpoint";
import { GetAppTransportError } from "./errors";
import { exchangeJson } from "./transport";

export const ITEM_TYPES = ["software", "map", "cache", "config"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const DELIVERY_STATES = ["start", "inProgress", "done", "error", "delete", "pending"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export type HashAlgorithm = "SHA256Hex" | "SHA256Base64";

export interface DeliveredArtifact {
  readonly itemKey: string;
  readonly url: string;
  readonly size?: number;
  readonly artifactType?: string;
  readonly metaData?: string;
  readonly hash?: { readonly algorithm: HashAlgorithm; readonly hash: string };
  readonly signature?: string;
  readonly isExecutable?: boolean;
  readonly arguments?: string;
}

export interface DeliveryStatus {
  readonly catalogId: string;
  readonly state: DeliveryState;
  /** Percent, 0-100: the slowest artifact's. */
  readonly progress: number;
  readonly size?: number;
  readonly artifacts: readonly DeliveredArtifact[];
  readonly error?: { readonly errorCode: string; readonly message: string };
}

export interface DeliveryRequest {
  readonly catalogId: string;
  readonly deviceId: string;
  readonly itemType: ItemType;
}

/** Asks GetApp to prepare (or restart preparing) a delivery. Never resent blindly: it restarts work. */
export async function prepareDelivery(endpoint: GetAppEndpoint, request: DeliveryRequest, signal?: AbortSignal): Promise<DeliveryStatus> {
  const operation = "prepareDelivery";
  const answer = await exchangeJson(endpoint, {
    operation,
    method: "POST",
    path: "/delivery/prepareDelivery",
    body: request,
    resend: "never",
    signal,
  });
  return aboutCatalogId(readDeliveryStatus(answer, operation), request.catalogId, operation);
}

/**
 * The delivery's status. GetApp starts preparing a catalog id it does not know when asked this,
 * so the answer `start` may mean "unknown until now".
 */
export async function getPreparedDelivery(endpoint: GetAppEndpoint, catalogId: string, signal?: AbortSignal): Promise<DeliveryStatus> {
  const operation = "preparedDelivery";
  const path = `/delivery/preparedDelivery/${encodeURIComponent(catalogId)}`;
  const answer = await exchangeJson(endpoint, { operation, method: "GET", path, resend: "safe", signal });
  return aboutCatalogId(readDeliveryStatus(answer, operation), catalogId, operation);
}

/** A status is used only for the catalog id it names. */
function aboutCatalogId(status: DeliveryStatus, asked: string, operation: string): DeliveryStatus {
  if (status.catalogId === asked) return status;
  throw new GetAppTransportError(
    operation,
    "invalid-answer",
    `the status is about catalog id "${status.catalogId}", but "${asked}" was asked for; it is not used`,
  );
}

/**
 * Asks GetApp to evict deliveries from its cache. GetApp answers 200 with no body for any id and
 * evicts in the background, so the answer proves nothing: read the status (`delete`) to know.
 */
export async function deleteCachedDeliveries(endpoint: GetAppEndpoint, catalogIds: readonly string[], signal?: AbortSignal): Promise<void> {
  const body = { catalogId: catalogIds.length === 1 ? catalogIds[0] : catalogIds };
  await exchangeJson(endpoint, {
    operation: "cache/delete",
    method: "DELETE",
    path: "/delivery/cache/delete",
    body,
    v1Only: true,
    resend: "safe",
    signal,
  });
}

/**
 * Whether GetApp keeps a delivery cache: its cache configuration answers "Cache feature not in
 * use" in origin mode. The cheapest request that needs the credentials and changes nothing.
 */
export async function usesCache(endpoint: GetAppEndpoint, signal?: AbortSignal): Promise<boolean> {
  const operation = "cache/config";
  const answer = await exchangeJson(endpoint, {
    operation,
    method: "GET",
    path: "/delivery/cache/config",
    v1Only: true,
    resend: "safe",
    signal,
  });
  const said = record(answer)?.mes;
  const notInUse = (text: unknown) => typeof text === "string" && /not in use/i.test(text);
  return !(notInUse(said) || (Array.isArray(said) && said.some(notInUse)));
}

/** Reads a status body (docs/protocol.md), refusing one that does not have the documented shape. */
export function readDeliveryStatus(answer: unknown, operation: string): DeliveryStatus {
  const invalid = (what: string) => new GetAppTransportError(operation, "invalid-answer", `the delivery status ${what}`);
  const body = record(answer) ?? fail(invalid("is not a JSON object"));
  const catalogId = text(body.catalogId) ?? fail(invalid("has no catalogId"));
  const state = body.status as DeliveryState;
  if (!DELIVERY_STATES.includes(state)) throw invalid(`has the unknown status ${JSON.stringify(body.status)}`);
  const progress =
    typeof body.progress === "number" && Number.isFinite(body.progress)
      ? Math.max(0, Math.min(100, body.progress))
      : state === "done"
        ? 100
        : 0;
  const artifactList =
    body.artifacts === undefined || body.artifacts === null
      ? []
      : Array.isArray(body.artifacts)
        ? body.artifacts
        : fail(invalid("has artifacts that are not a list"));
  const artifacts = artifactList.map((value, index) => readArtifact(value, (what) => invalid(`artifact ${index} ${what}`)));
  const errorBody = record(body.error);
  const error = errorBody
    ? { errorCode: text(errorBody.errorCode) ?? "APP.unknown", message: text(errorBody.message) ?? "GetApp gave no message" }
    : undefined;
  const size = typeof body.size === "number" ? body.size : undefined;
  return { catalogId, state, progress, artifacts, ...(size === undefined ? {} : { size }), ...(error ? { error } : {}) };
}

function readArtifact(value: unknown, invalid: (what: string) => Error): DeliveredArtifact {
  const artifact = record(value) ?? fail(invalid("is not an object"));
  const itemKey = text(artifact.itemKey) ?? fail(invalid("has no itemKey"));
  const url = text(artifact.url) ?? fail(invalid("has no url"));
  const hashBody = record(artifact.hash);
  let hash: DeliveredArtifact["hash"];
  if (hashBody) {
    const algorithm = hashBody.algorithm;
    if (algorithm !== "SHA256Hex" && algorithm !== "SHA256Base64")
      throw invalid(`has the unknown hash algorithm ${JSON.stringify(algorithm)}`);
    hash = { algorithm, hash: text(hashBody.hash) ?? fail(invalid("has an empty hash")) };
  }
  const optionalText = (key: string) => (typeof artifact[key] === "string" ? { [key]: artifact[key] as string } : {});
  return {
    itemKey,
    url,
    ...(typeof artifact.size === "number" ? { size: artifact.size } : {}),
    ...optionalText("artifactType"),
    ...optionalText("metaData"),
    ...(hash ? { hash } : {}),
    ...optionalText("signature"),
    ...(typeof artifact.isExecutable === "boolean" ? { isExecutable: artifact.isExecutable } : {}),
    ...optionalText("arguments"),
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function fail(error: Error): never {
  throw error;
}
