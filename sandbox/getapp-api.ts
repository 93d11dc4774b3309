import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { artifactChunks } from "./artifact-bytes";
import { ITEM_TYPES } from "./delivery-catalog";
import { ARTIFACTS_PATH, DeliveryRefusal, type CacheEviction, type DeliveryServerState } from "./delivery-state";
import { decodeSegment, readBody, refuseBody, sendJson, utf8Text } from "./http-io";
import type { RequestCounts } from "./request-stats";

export interface GetAppCredentials {
  /** Accepted in the `Device-Auth` header. */
  readonly deviceAuth: string;
  /** Accepted as `Authorization: Bearer <token>`. */
  readonly token: string;
}

export interface GetAppContext {
  readonly deliveries: DeliveryServerState;
  readonly credentials: GetAppCredentials;
  readonly counts: RequestCounts;
  readonly maxRequestBytes: number;
  /** `https://127.0.0.1:PORT`: where artifact URLs point. */
  readonly origin: () => string;
  /** Runs an answer as the server's workers allow (latency, concurrency). */
  readonly work: (answer: () => void) => void;
  /** Says what the request asked and how it ended, for the request log. */
  readonly note: (asked: string, outcome: string) => void;
}

const API = /^\/api\/v[12]\/delivery\/(?:(prepareDelivery)|preparedDelivery\/([^/]+)|cache\/(delete))$/;

/** Whether the path is GetApp's (API or artifact); such requests are answered here. */
export function isGetAppPath(path: string): boolean {
  return API.test(path) || path.startsWith(`${ARTIFACTS_PATH}/`);
}

/** Answers GetApp's delivery routes and serves prepared artifacts. */
export function answerGetAppRequest(context: GetAppContext, request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (url.pathname.startsWith(`${ARTIFACTS_PATH}/`)) {
    serveArtifact(context, request, response, url.pathname);
    return;
  }
  const [, prepare, statusOf, cacheDelete] = API.exec(url.pathname)!;
  const method = prepare ? "POST" : statusOf ? "GET" : "DELETE";
  const route = prepare ? "prepareDelivery" : statusOf ? "preparedDelivery" : "cache/delete";
  context.counts.getappRequests[route] = (context.counts.getappRequests[route] ?? 0) + 1;
  if (request.method !== method) {
    request.resume();
    sendJson(response, 405, { statusCode: 405, message: `${route} takes ${method}, not ${request.method}`, error: "Method Not Allowed" });
    return;
  }
  const catalogId = statusOf === undefined ? undefined : decodeSegment(statusOf);
  readBody(request, context.maxRequestBytes).then(
    (body) =>
      context.work(() => {
        try {
          authenticate(request.headers, context.credentials);
          if (prepare) {
            const prepared = prepareDelivery(context, parseJson(body));
            context.note(`${route} ${prepared.catalogId}`, describeStatus(prepared));
            sendJson(response, 201, prepared);
          } else if (catalogId !== undefined) {
            const status = context.deliveries.status(catalogId, context.origin());
            context.note(`${route} ${catalogId}`, describeStatus(status));
            sendJson(response, 200, status);
          } else if (cacheDelete) {
            const deleted = context.deliveries.evict(evictionOf(parseJson(body)));
            context.note(route, `deleted ${deleted.length ? deleted.join(",") : "nothing"}`);
            sendJson(response, 200, { deleted });
          }
        } catch (error) {
          if (!(error instanceof DeliveryRefusal)) throw error;
          context.note(catalogId === undefined ? route : `${route} ${catalogId}`, error.errorCode ?? "refused");
          sendJson(response, error.httpStatus, refusalBody(error));
        }
      }),
    (error) =>
      refuseBody(response, error, () =>
        sendJson(response, 413, {
          statusCode: 413,
          message: `request larger than ${context.maxRequestBytes} bytes`,
          error: "Payload Too Large",
        }),
      ),
  );
}

function prepareDelivery(context: GetAppContext, body: Record<string, unknown>) {
  const problems: string[] = [];
  for (const field of ["catalogId", "deviceId"]) {
    if (typeof body[field] !== "string" || (body[field] as string).trim() === "") problems.push(`${field} must be a non-empty string`);
  }
  if (!(ITEM_TYPES as readonly unknown[]).includes(body.itemType))
    problems.push(`itemType must be one of the following values: ${ITEM_TYPES.join(", ")}`);
  if (problems.length > 0) throw badRequest(problems);
  return context.deliveries.prepare(body.catalogId as string, body.itemType as string, context.origin());
}

/** `inProgress 45%`, `done`, `error DELIVERY.download`. */
function describeStatus(body: { status: string; progress: number; error?: { errorCode: string } }): string {
  if (body.status === "inProgress") return `inProgress ${body.progress}%`;
  return body.error ? `${body.status} ${body.error.errorCode}` : body.status;
}

/** Exactly one of `catalogId` (one or a list), `size`, `date`. */
function evictionOf(body: Record<string, unknown>): CacheEviction {
  const given = ["catalogId", "size", "date"].filter((key) => body[key] !== undefined);
  if (given.length !== 1)
    throw badRequest([`give exactly one of catalogId, size, date (got ${given.length === 0 ? "none" : given.join(", ")})`]);
  const { catalogId, size, date } = body;
  if (catalogId !== undefined) {
    const ids = Array.isArray(catalogId) ? catalogId : [catalogId];
    if (ids.length === 0 || !ids.every((id) => typeof id === "string" && id !== ""))
      throw badRequest(["catalogId must be a catalog id or a non-empty list of them"]);
    return { catalogId: catalogId as string | string[] };
  }
  if (size !== undefined) {
    if (typeof size !== "number" || !(size > 0)) throw badRequest(["size must be a number of bytes above 0"]);
    return { size };
  }
  if (typeof date !== "string" || Number.isNaN(Date.parse(date))) throw badRequest(["date must be an ISO 8601 date"]);
  return { date };
}

function parseJson(raw: Buffer): Record<string, unknown> {
  const text = utf8Text(raw);
  if (text === undefined) throw badRequest(["the body is not UTF-8 text"]);
  let body: unknown;
  try {
    body = JSON.parse(text === "" ? "{}" : text);
  } catch {
    throw badRequest(["the body is not JSON"]);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest(["the body must be a JSON object"]);
  return body as Record<string, unknown>;
}

function badRequest(messages: string[]): DeliveryRefusal {
  return new DeliveryRefusal(400, undefined, messages.join("; "));
}

/** Validation and auth failures answer as NestJS does; GetApp's own errors carry an `errorCode`. */
function refusalBody(refusal: DeliveryRefusal) {
  if (refusal.httpStatus === 400) return { statusCode: 400, message: refusal.message.split("; "), error: "Bad Request" };
  if (refusal.errorCode === undefined) return { statusCode: refusal.httpStatus, message: refusal.message };
  return { statusCode: refusal.httpStatus, errorCode: refusal.errorCode, message: refusal.message };
}

function authenticate(headers: IncomingHttpHeaders, credentials: GetAppCredentials): void {
  const deviceAuth = headers["device-auth"];
  if (typeof deviceAuth === "string" && sameSecret(deviceAuth, credentials.deviceAuth)) return;
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  if (bearer !== undefined && sameSecret(bearer, credentials.token)) return;
  throw new DeliveryRefusal(401, undefined, "Unauthorized");
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Artifact URLs work without credentials, as pre-signed storage URLs do. */
function serveArtifact(context: GetAppContext, request: IncomingMessage, response: ServerResponse, path: string): void {
  request.resume();
  context.counts.getappRequests.artifact = (context.counts.getappRequests.artifact ?? 0) + 1;
  const [catalogId, itemKey] = path
    .slice(ARTIFACTS_PATH.length + 1)
    .split("/")
    .map(decodeSegment);
  const artifact = request.method === "GET" && itemKey !== undefined ? context.deliveries.servedArtifact(catalogId, itemKey) : undefined;
  if (!artifact) {
    sendJson(response, 404, { statusCode: 404, message: `no prepared artifact ${catalogId}/${itemKey ?? ""}` });
    return;
  }
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": artifact.sizeBytes });
  pipeline(Readable.from(artifactChunks(`${catalogId}/${itemKey}`, artifact.sizeBytes)), response).catch(() => response.destroy());
}
