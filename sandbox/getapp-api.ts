import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { artifactChunks } from "./artifact-bytes";
import { ITEM_TYPES } from "./delivery-catalog";
import { ARTIFACTS_PATH, DeliveryRefusal, type CacheEviction, type DeliveryServerState, type DeliveryStatusBody } from "./delivery-state";
import { decodeSegment, readBody, refuseBody, send, sendJson, utf8Text } from "./http-io";
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

/** GetApp's routes: the delivery ones under v1 and v2; the cache ones carry no version, so v1 only. */
const API = /^\/api\/v([12])\/delivery\/(?:(prepareDelivery)|preparedDelivery\/([^/]+)|cache\/(delete|config))$/;

const ROUTE_METHODS = { prepareDelivery: "POST", preparedDelivery: "GET", "cache/delete": "DELETE", "cache/config": "GET" } as const;
type Route = keyof typeof ROUTE_METHODS;

/** Whether the path is GetApp's (API or artifact); such requests are answered here. */
export function isGetAppPath(path: string): boolean {
  return API.test(path) || path.startsWith(`${ARTIFACTS_PATH}/`);
}

/** Answers GetApp's delivery routes and serves prepared artifacts. */
export function answerGetAppRequest(context: GetAppContext, request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (url.pathname.startsWith(`${ARTIFACTS_PATH}/`)) {
    serveArtifact(context, request, response, url);
    return;
  }
  const [, version, prepare, statusOf, cacheRoute] = API.exec(url.pathname)!;
  const route: Route = prepare
    ? "prepareDelivery"
    : statusOf
      ? "preparedDelivery"
      : cacheRoute === "delete"
        ? "cache/delete"
        : "cache/config";
  context.counts.getappRequests[route] = (context.counts.getappRequests[route] ?? 0) + 1;
  if (request.method !== ROUTE_METHODS[route] || (cacheRoute && version !== "1")) {
    // NestJS answers a method or version it has no route for as an unknown route.
    request.resume();
    context.note(route, "no such route");
    sendJson(response, 404, errorBody(`Cannot ${request.method} ${url.pathname}`, 404, "NotFoundException", url, "Not Found"));
    return;
  }
  const catalogId = statusOf === undefined ? undefined : decodeSegment(statusOf);
  readBody(request, context.maxRequestBytes).then(
    (body) =>
      context.work(() => {
        try {
          authenticate(request.headers, context.credentials);
          if (route === "prepareDelivery") {
            const { catalogId: asked, deviceId } = preparation(parseJson(body));
            const prepared = context.deliveries.prepare(asked, deviceId, context.origin());
            context.note(`${route} ${asked} for ${deviceId}`, describeStatus(prepared));
            sendJson(response, 201, prepared);
          } else if (route === "preparedDelivery") {
            const status = context.deliveries.status(catalogId!, context.origin());
            context.note(`${route} ${catalogId}`, describeStatus(status));
            sendJson(response, 200, status);
          } else if (route === "cache/delete") {
            // Fire and forget: GetApp answers 200 with no body whatever was (or was not) evicted.
            const deleted = context.deliveries.evict(evictionOf(parseJson(body)));
            context.note(route, `deleted ${deleted.length ? deleted.join(",") : "nothing"}`);
            response.writeHead(200, { "content-length": 0 }).end();
          } else {
            context.note(route, context.deliveries.mode);
            sendJson(response, 200, context.deliveries.cacheConfig());
          }
        } catch (error) {
          if (!(error instanceof DeliveryRefusal)) throw error;
          context.note(catalogId === undefined ? route : `${route} ${catalogId}`, `refused ${error.httpStatus}`);
          sendJson(response, error.httpStatus, refusalBody(error, url));
        }
      }),
    (error) =>
      refuseBody(response, error, () =>
        sendJson(
          response,
          413,
          errorBody(`request larger than ${context.maxRequestBytes} bytes`, 413, "PayloadTooLargeException", url, "Payload Too Large"),
        ),
      ),
  );
}

/** The request body as GetApp's validation pipe reads it: unknown fields stripped, `itemType` checked but never used. */
function preparation(body: Record<string, unknown>): { catalogId: string; deviceId: string } {
  const problems: string[] = [];
  for (const field of ["catalogId", "deviceId"]) {
    if (typeof body[field] !== "string") problems.push(`${field} must be a string`);
    else if ((body[field] as string) === "") problems.push(`${field} should not be empty`);
  }
  if (!(ITEM_TYPES as readonly unknown[]).includes(body.itemType))
    problems.push(`itemType must be one of the following values: ${ITEM_TYPES.join(", ")}`);
  if (problems.length > 0) throw new DeliveryRefusal(400, problems);
  return { catalogId: body.catalogId as string, deviceId: body.deviceId as string };
}

/** `inProgress 45%`, `done`, `error DELIVERY.download`. */
function describeStatus(body: DeliveryStatusBody): string {
  if (body.status === "inProgress") return `inProgress ${body.progress ?? 0}%`;
  return body.error ? `${body.status} ${body.error.errorCode}` : body.status;
}

/** Exactly one of `catalogId` (one or a list), `size`, `date`. */
function evictionOf(body: Record<string, unknown>): CacheEviction {
  const given = ["catalogId", "size", "date"].filter((key) => body[key] !== undefined);
  if (given.length !== 1)
    throw new DeliveryRefusal(400, [`Exactly one of the following properties must be provided: size, date, catalogId`]);
  const { catalogId, size, date } = body;
  if (catalogId !== undefined) {
    const ids = Array.isArray(catalogId) ? catalogId : [catalogId];
    if (ids.length === 0 || !ids.every((id) => typeof id === "string" && id !== ""))
      throw new DeliveryRefusal(400, ["catalogId must be a catalog id or a non-empty list of them"]);
    return { catalogId: catalogId as string | string[] };
  }
  if (size !== undefined) {
    if (typeof size !== "number" || !(size > 0)) throw new DeliveryRefusal(400, ["size must be a number of bytes above 0"]);
    return { size };
  }
  if (typeof date !== "string" || Number.isNaN(Date.parse(date))) throw new DeliveryRefusal(400, ["date must be a date"]);
  return { date };
}

function parseJson(raw: Buffer): Record<string, unknown> {
  const text = utf8Text(raw);
  if (text === undefined) throw new DeliveryRefusal(400, ["the body is not UTF-8 text"]);
  let body: unknown;
  try {
    body = JSON.parse(text === "" ? "{}" : text);
  } catch {
    throw new DeliveryRefusal(400, ["Unexpected token in JSON"]);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new DeliveryRefusal(400, ["the body must be a JSON object"]);
  return body as Record<string, unknown>;
}

/** The gateway's exception filter shapes every error answer alike; a validation error's message is a list. */
function refusalBody(refusal: DeliveryRefusal, url: URL) {
  if (refusal.httpStatus === 400) return errorBody(refusal.messages, 400, "BadRequestException", url, "Bad Request");
  return errorBody(refusal.message, refusal.httpStatus, "UnauthorizedException", url);
}

function errorBody(message: string | string[], statusCode: number, name: string, url: URL, error?: string) {
  return {
    name,
    statusCode,
    message,
    data: { message, ...(error ? { error, statusCode } : {}) },
    timestamp: new Date().toISOString(),
    path: url.pathname + url.search,
  };
}

/** A matching `Device-Auth` secret, else a bearer token; GetApp says only that none was given. */
function authenticate(headers: IncomingHttpHeaders, credentials: GetAppCredentials): void {
  const deviceAuth = headers["device-auth"];
  if (typeof deviceAuth === "string" && sameSecret(deviceAuth, credentials.deviceAuth)) return;
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  if (bearer !== undefined && sameSecret(bearer, credentials.token)) return;
  throw new DeliveryRefusal(401, headers.authorization === undefined ? "No authentication provided" : "Unauthorized");
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Artifact URLs work without credentials while their pre-signature holds, as storage URLs do. */
function serveArtifact(context: GetAppContext, request: IncomingMessage, response: ServerResponse, url: URL): void {
  request.resume();
  context.counts.getappRequests.artifact = (context.counts.getappRequests.artifact ?? 0) + 1;
  const [catalogId, itemKey] = url.pathname
    .slice(ARTIFACTS_PATH.length + 1)
    .split("/")
    .map(decodeSegment);
  const lookup =
    request.method === "GET" && itemKey !== undefined
      ? context.deliveries.servedArtifact(catalogId, itemKey, url.searchParams)
      : ({ refused: "missing" } as const);
  if ("refused" in lookup) {
    const [status, code, message] = STORAGE_REFUSALS[lookup.refused];
    context.note(`artifact ${catalogId}/${itemKey ?? ""}`, `refused ${code}`);
    send(
      response,
      status,
      "application/xml",
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
    return;
  }
  const size = lookup.artifact.sizeBytes!;
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": size });
  pipeline(Readable.from(artifactChunks(`${catalogId}/${itemKey}`, size)), response).catch(() => response.destroy());
}

/** What S3-compatible storage answers for a pre-signed URL it will not serve. */
const STORAGE_REFUSALS = {
  expired: [403, "AccessDenied", "Request has expired"],
  unsigned: [403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."],
  missing: [404, "NoSuchKey", "The specified key does not exist."],
} as const;
