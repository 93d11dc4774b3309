import { createHash } from "node:crypto";
import { startSandbox, type Sandbox, type SandboxOptions } from "../sandbox";
import { START_PHASE_MS, STALL_PERCENT, DELIVERY_STATUSES, SELF_PREPARE_DEVICE } from "../sandbox/delivery-state";

/** A GetApp answer as the tests read it: any of its fields, read loosely. */
interface AnswerJson {
  readonly [field: string]: unknown;
  readonly status?: string;
  readonly url?: string;
  readonly artifacts: { readonly itemKey: string; readonly url: string; readonly hash?: { readonly hash: string } }[];
}

/**
 * The sandbox's GetApp delivery API over real HTTP, as GetApp's open-source server behaves
 * (PROTOCOL.md §5a; the section's points are named in each test). Time moves only by the manual clock.
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
  const text = await response.text();
  const json = (text === "" ? undefined : JSON.parse(text)) as AnswerJson;
  if (typeof json?.status === "string") seenStatuses.add(json.status);
  return { status: response.status, json };
}

const prepare = (catalogId: string, itemType = "software", version = "v1", deviceId = "device-17") =>
  call("POST", `/api/${version}/delivery/prepareDelivery`, { catalogId, deviceId, itemType });
const statusOf = (catalogId: string, query = "") =>
  call("GET", `/api/v1/delivery/preparedDelivery/${encodeURIComponent(catalogId)}${query}`);
const evict = (body: unknown, version = "v1") => call("DELETE", `/api/${version}/delivery/cache/delete`, body);

async function download(url: string): Promise<{ bytes: Buffer; contentLength: string | null }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), contentLength: response.headers.get("content-length") };
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

test("cache mode: start, inProgress (the slowest file's percent), done; software carries no hash, images and rpms no HTTP URL", async () => {
  await start();
  // §5a status body: progress is absent from a non-done POST answer, artifacts from any non-done one.
  expect(await prepare("navigator-2.4.1")).toEqual({ status: 201, json: { catalogId: "navigator-2.4.1", status: "start" } });

  // 6 MiB and 4 KiB at 10 MB/s each, side by side: the large one decides the percent.
  sandbox.clock.advance(START_PHASE_MS + 314);
  expect((await statusOf("navigator-2.4.1", "?source=remote")).json).toEqual({
    catalogId: "navigator-2.4.1",
    status: "inProgress",
    progress: 49,
  });

  sandbox.clock.advance(400);
  const done = (await statusOf("navigator-2.4.1", "?source=cache")).json;
  const signed = (itemKey: string) =>
    expect.stringMatching(
      new RegExp(
        `^${sandbox.url}/__sandbox/artifacts/navigator-2\\.4\\.1/${encodeURIComponent(itemKey).replace(/\./g, "\\.")}\\?X-Amz-Date=\\d+&X-Amz-Expires=3600&X-Amz-Signature=[0-9a-f]{64}$`,
      ),
    );
  expect(done).toEqual({
    catalogId: "navigator-2.4.1",
    status: "done",
    progress: 100,
    url: signed("navigator-2.4.1-linux-x64.tar.gz"),
    artifacts: [
      {
        catalogId: "navigator-2.4.1",
        id: 1,
        itemKey: "navigator-2.4.1-linux-x64.tar.gz",
        artifactType: "software",
        metaData: '{"platform":"linux-x64","version":"2.4.1"}',
        url: signed("navigator-2.4.1-linux-x64.tar.gz"),
        size: 6291456,
        signature: "MEUCIQDx9demo-signature-navigator-package",
        isExecutable: false,
      },
      {
        catalogId: "navigator-2.4.1",
        id: 2,
        itemKey: "install-navigator.sh",
        artifactType: "software",
        metaData: '{"shell":"bash"}',
        url: signed("install-navigator.sh"),
        size: 4096,
        signature: "MEUCIQDx9demo-signature-navigator-script",
        isExecutable: true,
        arguments: "--silent --prefix /opt/navigator",
      },
      {
        catalogId: "navigator-2.4.1",
        id: 3,
        itemKey: "navigator-agent:2.4.1",
        artifactType: "docker_image",
        metaData: "{}",
        url: "registry.sandbox.test/getapp/navigator-agent:2.4.1",
      },
      {
        catalogId: "navigator-2.4.1",
        id: 4,
        itemKey: "navigator-cli",
        artifactType: "rpm",
        metaData: '{"packageName":"navigator-cli","packageVersion":"2.4.1"}',
        url: "rpm://navigator-cli",
      },
    ],
  });
  const archive = await download(done.artifacts[0].url);
  expect(archive.contentLength).toBe("6291456");
  expect(archive.bytes.length).toBe(6291456);
});

test("a map announces SHA256Hex on its gpkg artifact only, and the bytes served match it", async () => {
  await start();
  await prepare("map-north-sector-2026-10", "map");
  sandbox.clock.advance(START_PHASE_MS + 1_300);
  const done = (await statusOf("map-north-sector-2026-10")).json;
  const [gpkg, json] = done.artifacts;
  expect(gpkg).toMatchObject({ itemKey: "gpkg", hash: { algorithm: "SHA256Hex", hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  expect(json).toMatchObject({ itemKey: "json" });
  expect(json.hash).toBeUndefined();
  expect(done.url).toBe(gpkg.url);
  expect(sha256((await download(gpkg.url)).bytes)).toBe(gpkg.hash!.hash);
});

test("§5a URLs: each answer signs afresh; a URL past its expiry or with a forged signature is refused by storage", async () => {
  await start({ deliveryUrlExpirySeconds: 60 });
  await prepare("fleet-defaults-7", "config");
  sandbox.clock.advance(START_PHASE_MS + 1);
  const first = (await statusOf("fleet-defaults-7")).json.artifacts[0].url;
  sandbox.clock.advance(1);
  const second = (await statusOf("fleet-defaults-7")).json.artifacts[0].url;
  expect(second).not.toBe(first);
  expect((await fetch(first)).status).toBe(200);

  sandbox.clock.advance(60_000);
  const expired = await fetch(first);
  expect(expired.status).toBe(403);
  expect(await expired.text()).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
  const fresh = (await statusOf("fleet-defaults-7")).json.artifacts[0].url;
  expect((await fetch(fresh)).status).toBe(200);
  const forged = await fetch(fresh.replace(/X-Amz-Expires=60/, "X-Amz-Expires=99999"));
  expect(forged.status).toBe(403);
  expect(await forged.text()).toContain("SignatureDoesNotMatch");
});

test("origin mode: POST and GET answer done or error at once, with no progress and no cache", async () => {
  await start({ getappMode: "origin" });
  const posted = await prepare("fleet-defaults-7", "config");
  expect(posted.status).toBe(201);
  expect(posted.json).toEqual({
    catalogId: "fleet-defaults-7",
    status: "done",
    artifacts: [expect.objectContaining({ itemKey: "fleet-defaults.json", size: 1024 })],
  });
  expect((await statusOf("map-north-sector-2026-10")).json).toMatchObject({ status: "done", url: expect.any(String) });
  expect((await statusOf("no-such-item")).json).toEqual({
    catalogId: "no-such-item",
    status: "error",
    error: { errorCode: "DELIVERY.notFound", message: "Item not found, catalog Id: no-such-item" },
  });
  expect(await evict({ catalogId: "fleet-defaults-7" })).toEqual({ status: 200, json: undefined });
  expect((await statusOf("fleet-defaults-7")).json.status).toBe("done");
  expect((await call("GET", "/api/v1/delivery/cache/config")).json).toEqual({ mes: "Cache feature not in use" });
});

test("/api/v2 answers the delivery routes alike; auth failures answer as the gateway does", async () => {
  await start();
  expect((await prepare("fleet-defaults-7", "config", "v2")).status).toBe(201);
  const bearer = { Authorization: `Bearer ${sandbox.credentials.token}` };
  expect(await call("GET", "/api/v2/delivery/preparedDelivery/fleet-defaults-7", undefined, bearer)).toMatchObject({
    status: 200,
    json: { status: "start" },
  });
  const refused = await call("GET", "/api/v1/delivery/preparedDelivery/fleet-defaults-7", undefined, {});
  expect(refused).toEqual({
    status: 401,
    json: {
      name: "UnauthorizedException",
      statusCode: 401,
      message: "No authentication provided",
      data: { message: "No authentication provided" },
      timestamp: expect.any(String),
      path: "/api/v1/delivery/preparedDelivery/fleet-defaults-7",
    },
  });
  expect((await call("GET", "/api/v1/delivery/preparedDelivery/fleet-defaults-7", undefined, { "Device-Auth": "wrong" })).status).toBe(401);
  expect(
    (await call("GET", "/api/v1/delivery/preparedDelivery/fleet-defaults-7", undefined, { Authorization: "Bearer wrong" })).status,
  ).toBe(401);
  expect(sandbox.counts().getappRequests).toMatchObject({ prepareDelivery: 1, preparedDelivery: 4 });
});

test("§5a unknown id: a GET starts a preparation under GetApp's placeholder device, which a later POST does not replace", async () => {
  await start();
  expect((await statusOf("basemap-tiles-cache")).json).toEqual({ catalogId: "basemap-tiles-cache", status: "start", progress: 0 });
  expect((await prepare("basemap-tiles-cache", "cache")).json).toEqual({ catalogId: "basemap-tiles-cache", status: "start" });
  await prepare("fleet-defaults-7", "config", "v1", "device-9");
  expect(sandbox.deliveries.preparationLog().map(({ catalogId, deviceId }) => [catalogId, deviceId])).toEqual([
    ["basemap-tiles-cache", SELF_PREPARE_DEVICE],
    ["fleet-defaults-7", "device-9"],
  ]);
  sandbox.clock.advance(START_PHASE_MS + 1_000);
  expect((await statusOf("basemap-tiles-cache")).json).toMatchObject({ status: "done", progress: 100 });
});

test("§5a errors: an id GetApp does not have is DELIVERY.notFound, one not yet released DELIVERY.downloadNotAvailable", async () => {
  await start();
  await prepare("no-such-item");
  await prepare("navigator-3.0.0-rc1");
  sandbox.clock.advance(START_PHASE_MS);
  expect((await statusOf("no-such-item")).json).toEqual({
    catalogId: "no-such-item",
    status: "error",
    error: { errorCode: "DELIVERY.notFound", message: "Item not found, catalog Id: no-such-item" },
  });
  expect((await statusOf("navigator-3.0.0-rc1")).json.error).toEqual({
    errorCode: "DELIVERY.downloadNotAvailable",
    message: "Catalog Id 'navigator-3.0.0-rc1' package, not yet available for delivery",
  });
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
    message: "download of navigator-2.4.1-linux-x64.tar.gz failed after 5 attempts: the source answered HTTP 503",
  });
  expect((await statusOf("basemap-tiles-cache")).json).toMatchObject({ status: "error", error: { errorCode: "DELIVERY.notVerified" } });

  sandbox.deliveries.faults.failingDownloads.clear();
  sandbox.clock.advance(10_000);
  expect((await statusOf("navigator-2.4.1")).json.status).toBe("error");
  expect((await prepare("navigator-2.4.1")).json).toEqual({ catalogId: "navigator-2.4.1", status: "start" });
  sandbox.clock.advance(START_PHASE_MS + 700);
  expect((await statusOf("navigator-2.4.1")).json.status).toBe("done");
});

test("a POST on a running or done delivery is answered as it is, not restarted", async () => {
  await start();
  await prepare("navigator-2.4.1");
  sandbox.clock.advance(START_PHASE_MS + 300);
  expect((await prepare("navigator-2.4.1", "software", "v1", "device-2")).json).toEqual({
    catalogId: "navigator-2.4.1",
    status: "inProgress",
  });
  sandbox.clock.advance(400);
  expect((await prepare("navigator-2.4.1")).json).toMatchObject({ status: "done", progress: 100 });
  expect(sandbox.deliveries.preparationLog()).toEqual([expect.objectContaining({ deviceId: "device-17", status: "done" })]);
});

test("preparations beyond the server's capacity stay in start, then take a freed slot", async () => {
  await start({ maxConcurrentPreparations: 1 });
  await prepare("fleet-defaults-7", "config");
  expect((await prepare("basemap-tiles-cache", "cache")).json).toEqual({ catalogId: "basemap-tiles-cache", status: "start" });
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
  sandbox.deliveries.faults.wrongHashes.add("map-north-sector-2026-10");
  await prepare("map-north-sector-2026-10", "map");
  sandbox.clock.advance(START_PHASE_MS + 1_300);
  const [gpkg] = (await statusOf("map-north-sector-2026-10")).json.artifacts;
  expect(gpkg.hash!.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(sha256((await download(gpkg.url)).bytes)).not.toBe(gpkg.hash!.hash);
});

test("§5a eviction: v1 only, 200 with no body for any id; status delete, artifacts gone, a POST restarts", async () => {
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

  const onV2 = await evict({ catalogId: "navigator-2.4.1" }, "v2");
  expect(onV2).toMatchObject({ status: 404, json: { statusCode: 404, message: "Cannot DELETE /api/v2/delivery/cache/delete" } });
  expect((await statusOf("navigator-2.4.1")).json.status).toBe("done");

  expect(await evict({ catalogId: "navigator-2.4.1" })).toEqual({ status: 200, json: undefined });
  expect((await statusOf("navigator-2.4.1")).json).toEqual({ catalogId: "navigator-2.4.1", status: "delete" });
  expect((await fetch(done.artifacts[0].url)).status).toBe(404);
  expect(await evict({ catalogId: "never-prepared" })).toEqual({ status: 200, json: undefined });

  await evict({ catalogId: ["fleet-defaults-7"] });
  await evict({ size: 1 });
  await evict({ date: new Date(Date.now() + 60_000).toISOString() });
  expect(sandbox.deliveries.statuses()).toEqual({
    "navigator-2.4.1": "delete",
    "fleet-defaults-7": "delete",
    "basemap-tiles-cache": "delete",
    "map-north-sector-2026-10": "delete",
  });
  expect((await prepare("navigator-2.4.1")).json.status).toBe("start");
  expect((await call("GET", "/api/v1/delivery/cache/config")).json).toMatchObject({ maxCapacityInGB: expect.any(Number) });
  expect((await call("GET", "/api/v2/delivery/cache/config")).status).toBe(404);
});

test("§5a expiry: at each midnight, done deliveries past the expiration and every error become delete", async () => {
  await start({ deliveryCacheExpirationHours: 30 });
  sandbox.deliveries.faults.failingDownloads.add("basemap-tiles-cache");
  await prepare("fleet-defaults-7", "config");
  await prepare("basemap-tiles-cache", "cache");
  sandbox.clock.advance(START_PHASE_MS + 1_000);
  expect(sandbox.deliveries.statuses()).toEqual({ "fleet-defaults-7": "done", "basemap-tiles-cache": "error" });
  sandbox.clock.advance(24 * 3_600_000); // one midnight passed: the error goes, the done is younger than 30 h
  expect(sandbox.deliveries.statuses()).toEqual({ "fleet-defaults-7": "done", "basemap-tiles-cache": "delete" });
  sandbox.clock.advance(24 * 3_600_000); // the next midnight is more than 30 h after it was prepared
  expect(sandbox.deliveries.statuses()).toEqual({ "fleet-defaults-7": "delete", "basemap-tiles-cache": "delete" });
});

test("a bad body is refused field by field; a wrong method is an unknown route", async () => {
  await start();
  expect(await call("POST", "/api/v1/delivery/prepareDelivery", { catalogId: "", itemType: "firmware" })).toEqual({
    status: 400,
    json: {
      name: "BadRequestException",
      statusCode: 400,
      message: [
        "catalogId should not be empty",
        "deviceId must be a string",
        "itemType must be one of the following values: software, map, cache, config",
      ],
      data: expect.objectContaining({ error: "Bad Request" }),
      timestamp: expect.any(String),
      path: "/api/v1/delivery/prepareDelivery",
    },
  });
  expect((await evict({ catalogId: "a", size: 3 })).status).toBe(400);
  expect((await call("GET", "/api/v1/delivery/prepareDelivery")).status).toBe(404);
});

// Runs last (jest keeps a file's order): the paths above produced every status GetApp produces.
test("every status GetApp produces was answered by some path above", () => {
  expect([...seenStatuses].sort()).toEqual([...DELIVERY_STATUSES].sort());
});
