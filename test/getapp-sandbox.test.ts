import { createHash } from "node:crypto";
import { startSandbox, type Sandbox, type SandboxOptions } from "../sandbox";
import { START_PHASE_MS, STALL_PERCENT, DELIVERY_STATUSES } from "../sandbox/delivery-state";

/** A GetApp answer as the tests read it: any of its fields, read loosely. */
interface AnswerJson {
  readonly [field: string]: unknown;
  readonly status?: string;
  readonly url?: string;
  readonly artifacts: { readonly url: string; readonly hash: { readonly hash: string } }[];
}

/**
 * The sandbox's GetApp delivery API over real HTTP: routes, auth, every status and field of
 * the status body (docs/protocol.md), and each fault knob. Time moves only by the manual clock.
 */

let sandbox: Sandbox;
const seenStatuses = new Set<string>();

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ http: true, manualClock: true, ...options });
  return sandbox;
}

afterEach(async () => {
  await sandbox?.close();
});

type Auth = { "Device-Auth": string } | { Authorization: string } | Record<string, never>;

function deviceAuth(): Auth {
  return { "Device-Auth": sandbox.credentials.deviceAuth };
}

async function call(method: string, path: string, body?: unknown, auth: Auth = deviceAuth()) {
  const response = await fetch(sandbox.url + path, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as AnswerJson;
  if (typeof json.status === "string") seenStatuses.add(json.status);
  return { status: response.status, json };
}

const prepare = (catalogId: string, itemType = "software", version = "v1") =>
  call("POST", `/api/${version}/delivery/prepareDelivery`, { catalogId, deviceId: "device-17", itemType });
const statusOf = (catalogId: string, query = "") =>
  call("GET", `/api/v1/delivery/preparedDelivery/${encodeURIComponent(catalogId)}${query}`);
const evict = (body: unknown) => call("DELETE", "/api/v1/delivery/cache/delete", body);

async function download(url: string): Promise<{ bytes: Buffer; contentLength: string | null }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), contentLength: response.headers.get("content-length") };
}

const sha256 = (bytes: Buffer, encoding: "hex" | "base64") => createHash("sha256").update(bytes).digest(encoding);

test("a preparation goes start, inProgress (the slowest artifact's percent), done with every artifact field", async () => {
  await start();
  const posted = await prepare("navigator-2.4.1");
  expect(posted).toEqual({ status: 201, json: { catalogId: "navigator-2.4.1", status: "start", progress: 0, artifacts: [] } });

  // 6 MiB and 4 KiB at 10 MB/s each, side by side: the large one decides the percent.
  sandbox.clock.advance(START_PHASE_MS + 314);
  expect((await statusOf("navigator-2.4.1", "?source=remote")).json).toEqual({
    catalogId: "navigator-2.4.1",
    status: "inProgress",
    progress: 49,
    artifacts: [],
  });

  sandbox.clock.advance(400);
  const done = (await statusOf("navigator-2.4.1", "?source=cache")).json;
  const base = `${sandbox.url}/__sandbox/artifacts/navigator-2.4.1`;
  expect(done).toEqual({
    catalogId: "navigator-2.4.1",
    status: "done",
    progress: 100,
    size: 6291456 + 4096,
    url: `${base}/navigator-2.4.1-linux-x64.tar.gz`,
    artifacts: [
      {
        catalogId: "navigator-2.4.1",
        id: 1,
        itemKey: "navigator-2.4.1-linux-x64.tar.gz",
        artifactType: "package",
        metaData: '{"platform":"linux-x64","version":"2.4.1"}',
        url: `${base}/navigator-2.4.1-linux-x64.tar.gz`,
        size: 6291456,
        hash: { algorithm: "SHA256Hex", hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        signature: "MEUCIQDx9demo-signature-navigator-package",
        isExecutable: false,
      },
      {
        catalogId: "navigator-2.4.1",
        id: 2,
        itemKey: "install-navigator.sh",
        artifactType: "script",
        metaData: '{"shell":"bash"}',
        url: `${base}/install-navigator.sh`,
        size: 4096,
        hash: { algorithm: "SHA256Base64", hash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) },
        signature: "MEUCIQDx9demo-signature-navigator-script",
        isExecutable: true,
        arguments: "--silent --prefix /opt/navigator",
      },
    ],
  });

  const [archive, script] = done.artifacts;
  const archiveBytes = await download(archive.url);
  expect(archiveBytes.contentLength).toBe("6291456");
  expect(archiveBytes.bytes.length).toBe(6291456);
  expect(sha256(archiveBytes.bytes, "hex")).toBe(archive.hash.hash);
  const scriptBytes = await download(script.url);
  expect(scriptBytes.contentLength).toBe("4096");
  expect(sha256(scriptBytes.bytes, "base64")).toBe(script.hash.hash);
});

test("/api/v2 answers alike; Device-Auth or a bearer token is required", async () => {
  await start();
  expect((await prepare("fleet-defaults-7", "config", "v2")).status).toBe(201);
  const bearer = { Authorization: `Bearer ${sandbox.credentials.token}` };
  expect(await call("GET", "/api/v2/delivery/preparedDelivery/fleet-defaults-7", undefined, bearer)).toMatchObject({
    status: 200,
    json: { status: "start" },
  });
  expect(await call("GET", "/api/v1/delivery/preparedDelivery/fleet-defaults-7", undefined, {})).toEqual({
    status: 401,
    json: { statusCode: 401, message: "Unauthorized" },
  });
  expect((await call("GET", "/api/v1/delivery/preparedDelivery/fleet-defaults-7", undefined, { "Device-Auth": "wrong" })).status).toBe(401);
  expect(
    (await call("GET", "/api/v1/delivery/preparedDelivery/fleet-defaults-7", undefined, { Authorization: "Bearer wrong" })).status,
  ).toBe(401);
  expect(sandbox.counts().getappRequests).toMatchObject({ prepareDelivery: 1, preparedDelivery: 4 });
});

test("a GET for an unknown catalog id starts its preparation", async () => {
  await start();
  expect((await statusOf("basemap-tiles-cache")).json).toEqual({
    catalogId: "basemap-tiles-cache",
    status: "start",
    progress: 0,
    artifacts: [],
  });
  sandbox.clock.advance(START_PHASE_MS + 1_000);
  expect((await statusOf("basemap-tiles-cache")).json).toMatchObject({ status: "done", progress: 100 });
});

test("refusals at start: not in storage, expired, the wrong item type, larger than the cache", async () => {
  await start({ deliveryCacheBytes: 8 * 1024 * 1024 });
  await prepare("no-such-item");
  await prepare("navigator-1.0.0");
  await prepare("fleet-defaults-7", "map");
  await prepare("map-north-sector-2026-10", "map");
  sandbox.clock.advance(START_PHASE_MS);
  const error = async (catalogId: string) => (await statusOf(catalogId)).json;
  expect(await error("no-such-item")).toEqual({
    catalogId: "no-such-item",
    status: "error",
    progress: 0,
    artifacts: [],
    error: { errorCode: "DELIVERY.notExist", message: "catalog id no-such-item does not exist in storage" },
  });
  expect((await error("navigator-1.0.0")).error).toEqual({
    errorCode: "DELIVERY.invalid",
    message: "catalog id navigator-1.0.0 is invalid: its release has expired",
  });
  expect((await error("fleet-defaults-7")).error).toEqual({
    errorCode: "DELIVERY.invalid",
    message: "catalog id fleet-defaults-7 is a config item, not map",
  });
  expect((await error("map-north-sector-2026-10")).error).toMatchObject({ errorCode: "DELIVERY.packageTooLarge" });
});

test("a failed download and a checksum mismatch end in error; a GET never retries it, a POST does", async () => {
  await start();
  sandbox.deliveries.faults.failingDownloads.add("navigator-2.4.1");
  sandbox.deliveries.faults.notVerified.add("basemap-tiles-cache");
  await prepare("navigator-2.4.1");
  await prepare("basemap-tiles-cache", "cache");
  sandbox.clock.advance(START_PHASE_MS + 320);
  expect((await statusOf("navigator-2.4.1")).json.error).toEqual({
    errorCode: "DELIVERY.download",
    message: "download of navigator-2.4.1-linux-x64.tar.gz failed after 3 attempts: the source answered HTTP 503",
  });
  expect((await statusOf("basemap-tiles-cache")).json).toMatchObject({ status: "error", error: { errorCode: "DELIVERY.notVerified" } });

  sandbox.deliveries.faults.failingDownloads.clear();
  sandbox.clock.advance(10_000);
  expect((await statusOf("navigator-2.4.1")).json.status).toBe("error");
  expect((await prepare("navigator-2.4.1")).json).toMatchObject({ status: "start", progress: 0 });
  sandbox.clock.advance(START_PHASE_MS + 700);
  expect((await statusOf("navigator-2.4.1")).json.status).toBe("done");
});

test("preparations beyond the server's capacity wait as pending, then take a freed slot", async () => {
  await start({ maxConcurrentPreparations: 1 });
  await prepare("fleet-defaults-7", "config");
  expect((await prepare("basemap-tiles-cache", "cache")).json).toEqual({
    catalogId: "basemap-tiles-cache",
    status: "pending",
    progress: 0,
    artifacts: [],
  });
  sandbox.clock.advance(START_PHASE_MS + 1);
  expect((await statusOf("fleet-defaults-7")).json.status).toBe("done");
  expect((await statusOf("basemap-tiles-cache")).json.status).toBe("start");
  sandbox.clock.advance(START_PHASE_MS + 210);
  expect((await statusOf("basemap-tiles-cache")).json.status).toBe("done");
});

test("a stalled preparation stops progressing and never finishes", async () => {
  await start();
  sandbox.deliveries.faults.stalled.add("map-north-sector-2026-10");
  await prepare("map-north-sector-2026-10", "map");
  sandbox.clock.advance(START_PHASE_MS + 3_600_000);
  expect((await statusOf("map-north-sector-2026-10")).json).toMatchObject({ status: "inProgress", progress: STALL_PERCENT });
});

test("a wrong hash knob announces a hash that is not the served bytes'", async () => {
  await start();
  sandbox.deliveries.faults.wrongHashes.add("fleet-defaults.json");
  await prepare("fleet-defaults-7", "config");
  sandbox.clock.advance(START_PHASE_MS + 1);
  const [artifact] = (await statusOf("fleet-defaults-7")).json.artifacts;
  const { bytes } = await download(artifact.url);
  expect(artifact.hash.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(sha256(bytes, "hex")).not.toBe(artifact.hash.hash);
});

test("eviction by catalog id, list, size or date; status delete, artifacts gone, a POST restarts", async () => {
  await start();
  for (const [id, type] of [
    ["navigator-2.4.1", "software"],
    ["fleet-defaults-7", "config"],
    ["basemap-tiles-cache", "cache"],
    ["map-north-sector-2026-10", "map"],
  ])
    await prepare(id, type);
  sandbox.clock.advance(START_PHASE_MS + 2_000);
  const done = (await statusOf("navigator-2.4.1")).json;

  expect(await evict({ catalogId: "navigator-2.4.1" })).toEqual({ status: 200, json: { deleted: ["navigator-2.4.1"] } });
  expect((await statusOf("navigator-2.4.1")).json).toEqual({ catalogId: "navigator-2.4.1", status: "delete", progress: 0, artifacts: [] });
  expect((await fetch(String(done.url))).status).toBe(404);

  expect((await evict({ catalogId: ["fleet-defaults-7"] })).json).toEqual({ deleted: ["fleet-defaults-7"] });
  expect((await evict({ size: 1 })).json).toEqual({ deleted: ["basemap-tiles-cache"] });
  expect((await evict({ date: new Date(Date.now() + 60_000).toISOString() })).json).toEqual({ deleted: ["map-north-sector-2026-10"] });
  expect(sandbox.deliveries.statuses()).toEqual({
    "navigator-2.4.1": "delete",
    "fleet-defaults-7": "delete",
    "basemap-tiles-cache": "delete",
    "map-north-sector-2026-10": "delete",
  });

  expect((await prepare("navigator-2.4.1")).json.status).toBe("start");
});

test("cache deletion refusals: not exactly one criterion, nothing cached, a cache that cannot be cleared", async () => {
  await start();
  expect(await evict({})).toEqual({
    status: 400,
    json: { statusCode: 400, message: ["give exactly one of catalogId, size, date (got none)"], error: "Bad Request" },
  });
  expect((await evict({ catalogId: "a", size: 3 })).status).toBe(400);
  expect(await evict({ catalogId: "never-prepared" })).toEqual({
    status: 404,
    json: { statusCode: 404, errorCode: "DELIVERY.notFound", message: "no delivery in the cache for catalog id never-prepared" },
  });
  sandbox.deliveries.faults.unableToClearCache = true;
  expect(await evict({ size: 10 })).toMatchObject({ status: 500, json: { errorCode: "DELIVERY.unableClearCache" } });
});

test("a POST with a bad body is refused field by field", async () => {
  await start();
  expect(await call("POST", "/api/v1/delivery/prepareDelivery", { catalogId: "", itemType: "firmware" })).toEqual({
    status: 400,
    json: {
      statusCode: 400,
      message: [
        "catalogId must be a non-empty string",
        "deviceId must be a non-empty string",
        "itemType must be one of the following values: software, map, cache, config",
      ],
      error: "Bad Request",
    },
  });
  expect((await call("GET", "/api/v1/delivery/prepareDelivery")).status).toBe(405);
});

// Runs last (jest keeps a file's order): the paths above produced every status GetApp lists.
test("every status GetApp lists was answered by some path above", () => {
  expect([...seenStatuses].sort()).toEqual([...DELIVERY_STATUSES].sort());
});
