import { HostCallError } from "../harness/provider-host";
import { installedLoading, sourceLoading, type Loading } from "../harness/loadings";
import { PENDING_RESOURCE_PROVIDER } from "../provider/handlers/pending-provider";
import { artifactHash } from "../sandbox/artifact-bytes";
import { STALL_PERCENT } from "../sandbox/delivery-state";
import { eventually, HostSession, hostTranscript, PREPARED_DELIVERY, type SessionOptions } from "./helpers/host-session";

/**
 * PreparedDelivery through Pulumi's own dynamic-provider host, over gRPC, against the sandbox's
 * GetApp API over HTTPS: every scenario with the provider installed from `npm pack` and with it
 * serialized from this repository's source.
 */

const LOADINGS = { "installed package": installedLoading, "repository source": sourceLoading };
const DEVICE_AUTH = `Da-${Math.random().toString(36).slice(2)}-secret`;
const NAVIGATOR = { catalogId: "navigator-2.4.1", deviceId: "device-17", itemType: "software" };
const providerTexts: string[] = [];

describe.each(Object.keys(LOADINGS) as (keyof typeof LOADINGS)[])("PreparedDelivery through the provider host, %s", (loadingName) => {
  let loading: Loading;
  let session: HostSession | undefined;

  beforeAll(async () => {
    loading = await LOADINGS[loadingName]();
    providerTexts.push(loading.deliveryProviderText);
  }, 240_000);

  afterAll(() => loading?.remove());

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function start(options: SessionOptions = {}): Promise<HostSession> {
    session = await HostSession.start(loading, {
      resource: PREPARED_DELIVERY,
      ...options,
      sandbox: { deviceAuth: DEVICE_AUTH, ...options.sandbox },
    });
    return session;
  }

  test("create POSTs for the declared device; software with no hash is kept unverified, saying why; refresh keeps it; delete evicts, confirmed", async () => {
    const s = await start();
    const { id, state, inputs } = await s.up("nav", NAVIGATOR);
    expect(id).toBe("navigator-2.4.1");
    expect(inputs).toEqual({
      ...NAVIGATOR,
      verifyArtifacts: true,
      requireArtifactHashes: false,
      timeoutSeconds: 3600,
      __provider: loading.deliveryProviderText,
    });
    expect(s.sandbox.deliveries.preparationLog()).toEqual([
      expect.objectContaining({ catalogId: "navigator-2.4.1", deviceId: "device-17" }),
    ]);
    const base = `${s.sandbox.url}/__sandbox/artifacts/navigator-2.4.1`;
    const noHash = "not verified: GetApp announced no hash for it";
    const notHttp = "not verified: its location is not an HTTP(S) URL (a registry path or a package name)";
    expect(state).toEqual({
      __provider: loading.deliveryProviderText,
      ...NAVIGATOR,
      verifyArtifacts: true,
      requireArtifactHashes: false,
      timeoutSeconds: 3600,
      status: "done",
      progress: 100,
      artifacts: [
        {
          itemKey: "navigator-2.4.1-linux-x64.tar.gz",
          url: `${base}/navigator-2.4.1-linux-x64.tar.gz`,
          size: 6291456,
          artifactType: "software",
          metaData: '{"platform":"linux-x64","version":"2.4.1"}',
          signature: "MEUCIQDx9demo-signature-navigator-package",
          isExecutable: false,
          verified: false,
          verification: noHash,
        },
        {
          itemKey: "install-navigator.sh",
          url: `${base}/install-navigator.sh`,
          size: 4096,
          artifactType: "software",
          metaData: '{"shell":"bash"}',
          signature: "MEUCIQDx9demo-signature-navigator-script",
          isExecutable: true,
          arguments: "--silent --prefix /opt/navigator",
          verified: false,
          verification: noHash,
        },
        {
          itemKey: "navigator-agent:2.4.1",
          url: "registry.sandbox.test/getapp/navigator-agent:2.4.1",
          artifactType: "docker_image",
          metaData: "{}",
          verified: false,
          verification: notHttp,
        },
        {
          itemKey: "navigator-cli",
          url: "rpm://navigator-cli",
          artifactType: "rpm",
          metaData: '{"packageName":"navigator-cli","packageVersion":"2.4.1"}',
          verified: false,
          verification: notHttp,
        },
      ],
    });
    expect(s.sandbox.counts().getappRequests).toMatchObject({ prepareDelivery: 1 });
    expect(s.sandbox.counts().getappRequests.artifact).toBeUndefined();
    await s.host.waitForOutput(
      /navigator-2\.4\.1 for device-17: ready, 4 artifact\(s\), 6\.3 MB; 0 SHA-256 checked; not verifiable: 2 no hash announced, 2 not at an HTTP\(S\) URL/,
    );

    // Every status answer signs its URLs afresh; the state keeps locations only, so a refresh is clean.
    const refreshed = await s.read("nav", id, state);
    expect(refreshed).toMatchObject({ id, properties: state });
    expect(await s.diff("nav", id, state, NAVIGATOR)).toMatchObject({ changes: "none", replaces: [] });

    await s.delete("nav", id, state);
    expect(s.sandbox.deliveries.statuses()["navigator-2.4.1"]).toBe("delete");
    await s.host.waitForOutput(/navigator-2\.4\.1 for device-17: evicted from GetApp's cache \(GetApp reports it deleted\)/);
    expect(s.sandbox.counts().getappRequests).toMatchObject({ prepareDelivery: 1, "cache/config": 1, "cache/delete": 1 });
  });

  test("a map's gpkg is SHA-256 checked; requireArtifactHashes fails what cannot be, naming each artifact", async () => {
    const s = await start();
    const map = await s.up("map", { catalogId: "map-north-sector-2026-10", deviceId: "device-17", itemType: "map" });
    expect(map.state.artifacts).toEqual([
      expect.objectContaining({ itemKey: "gpkg", hashAlgorithm: "SHA256Hex", verified: true, verification: "SHA256Hex matched" }),
      expect.objectContaining({ itemKey: "json", verified: false, verification: "not verified: GetApp announced no hash for it" }),
    ]);
    expect(s.sandbox.counts().getappRequests.artifact).toBe(1);

    const error = (await s.up("nav", { ...NAVIGATOR, requireArtifactHashes: true }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain(
      "navigator-2.4.1 for device-17: requireArtifactHashes is true, but 4 artifact(s) cannot be verified: navigator-2.4.1-linux-x64.tar.gz (no hash announced), install-navigator.sh (no hash announced), navigator-agent:2.4.1 (not at an HTTP(S) URL), navigator-cli (not at an HTTP(S) URL). Set requireArtifactHashes to false to accept them unverified.",
    );
    expect(error.initFailure).toBeUndefined();
  });

  test("origin mode: done at once, refreshed clean, and delete says GetApp keeps no cache to evict", async () => {
    const s = await start({ sandbox: { getappMode: "origin" } });
    const { id, state } = await s.up("cfg", { catalogId: "fleet-defaults-7", deviceId: "device-17", itemType: "config" });
    expect(state).toMatchObject({ status: "done", progress: 100, artifacts: [{ itemKey: "fleet-defaults.json", verified: false }] });
    expect(await s.read("cfg", id, state)).toMatchObject({ id, properties: state });
    await s.delete("cfg", id, state);
    await s.host.waitForOutput(
      /fleet-defaults-7 for device-17: GetApp serves deliveries from its origin and keeps no cache \(origin mode\); nothing to evict/,
    );
    expect(s.sandbox.counts().getappRequests["cache/delete"]).toBeUndefined();
  });

  test("a URL naming /api/v2: deliveries answer there, the eviction still goes to v1 and is confirmed", async () => {
    const s = await start({
      config: (sandbox) => ({
        "getapp:url": `${sandbox.url}/api/v2`,
        "getapp:deviceAuth": sandbox.credentials.deviceAuth,
        "getapp:caCert": sandbox.caCert,
      }),
    });
    const { id, state } = await s.up("cfg", { catalogId: "fleet-defaults-7", deviceId: "device-17", itemType: "config" });
    await s.delete("cfg", id, state);
    expect(s.sandbox.deliveries.statuses()["fleet-defaults-7"]).toBe("delete");
    await s.host.waitForOutput(/fleet-defaults-7 for device-17: evicted from GetApp's cache \(GetApp reports it deleted\)/);
  });

  test("a catalog id GetApp does not have fails with DELIVERY.notFound; an unreleased one with DELIVERY.downloadNotAvailable", async () => {
    const s = await start();
    for (const [catalogId, expected] of [
      ["navigator-9.9.9", "GetApp could not prepare it: DELIVERY.notFound: Item not found, catalog Id: navigator-9.9.9"],
      [
        "navigator-3.0.0-rc1",
        "GetApp could not prepare it: DELIVERY.downloadNotAvailable: Catalog Id 'navigator-3.0.0-rc1' package, not yet available for delivery",
      ],
    ]) {
      const error = (await s.up(catalogId, { ...NAVIGATOR, catalogId }).catch((e: unknown) => e)) as HostCallError;
      expect(error.message).toContain(`${catalogId} for device-17: ${expected}`);
    }
  });

  test("hours later the kept URLs have expired and a refresh is unchanged; GetApp's nightly expiry reads as gone", async () => {
    const s = await start({ sandbox: { manualClock: true, deliveryCacheExpirationHours: 24 } });
    const cfgInputs = { catalogId: "fleet-defaults-7", deviceId: "device-17", itemType: "config" };
    const creating = s.up("cfg", cfgInputs);
    await eventually(() => s.sandbox.counts().getappRequests.prepareDelivery === 1, "the POST");
    s.sandbox.clock.advance(5_000);
    const { id, state } = await creating;
    s.sandbox.clock.advance(3 * 3_600_000); // past the first midnight, and past every URL's expiry
    expect(await s.read("cfg", id, state)).toMatchObject({ id, properties: state });
    s.sandbox.clock.advance(2 * 24 * 3_600_000); // a midnight more than 24 h after it was prepared
    expect(s.sandbox.deliveries.statuses()["fleet-defaults-7"]).toBe("delete");
    expect(await s.read("cfg", id, state)).toMatchObject({ id: "" });
  });

  test("an artifact that does not match its announced hash fails the create, naming item, algorithm and both values", async () => {
    const s = await start();
    s.sandbox.deliveries.faults.wrongHashes.add("map-north-sector-2026-10");
    const error = (await s
      .up("map", { catalogId: "map-north-sector-2026-10", deviceId: "device-17", itemType: "map" })
      .catch((e: unknown) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    const announced = artifactHash("map-north-sector-2026-10/gpkg#other", 12582912, "SHA256Hex");
    const actual = artifactHash("map-north-sector-2026-10/gpkg", 12582912, "SHA256Hex");
    expect(error.message).toContain(
      `map-north-sector-2026-10 for device-17: 1 artifact(s) do not match the hash GetApp announced: artifact gpkg: SHA256Hex announced ${announced}, the bytes served hash to ${actual}`,
    );
    expect(error.initFailure).toBeUndefined();
  });

  test("verifyArtifacts false downloads nothing and says so", async () => {
    const s = await start();
    const { state } = await s.up("cfg", {
      catalogId: "fleet-defaults-7",
      deviceId: "device-17",
      itemType: "config",
      verifyArtifacts: false,
    });
    expect(state).toMatchObject({ status: "done", artifacts: [{ itemKey: "fleet-defaults.json", verified: false }] });
    expect(s.sandbox.counts().getappRequests.artifact).toBeUndefined();
    await s.host.waitForOutput(/not verified \(verifyArtifacts is false\)/);
  });

  test("GetApp's error fails the create with its code and message; the failed delivery is replaced by a new request", async () => {
    const s = await start();
    s.sandbox.deliveries.faults.failingDownloads.add("navigator-2.4.1");
    const error = (await s.up("nav", NAVIGATOR).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain(
      "navigator-2.4.1 for device-17: GetApp could not prepare it: DELIVERY.download: download of navigator-2.4.1-linux-x64.tar.gz failed after 5 attempts: the source answered HTTP 503. Run pulumi up again to request it anew.",
    );
    const failed = error.initFailure!;
    expect(failed.id).toBe("navigator-2.4.1");
    expect(failed.properties).toMatchObject({ status: "error", error: { errorCode: "DELIVERY.download" } });

    // The next `pulumi up`: replaced, deleting first (eviction goes by catalog id), then a new POST.
    s.sandbox.deliveries.faults.failingDownloads.clear();
    expect(await s.diff("nav", failed.id, failed.properties, NAVIGATOR)).toMatchObject({
      changes: "some",
      replaces: ["status"],
      deleteBeforeReplace: true,
    });
    await s.delete("nav", failed.id, failed.properties);
    const { state } = await s.up("nav", NAVIGATOR);
    expect(state).toMatchObject({ status: "done", progress: 100 });
    expect(s.sandbox.counts().getappRequests.prepareDelivery).toBe(2);
  });

  test("refresh: an evicted delivery is gone, a failed one is drift that replaces", async () => {
    const s = await start();
    const nav = await s.up("nav", NAVIGATOR);
    const cfgInputs = { catalogId: "fleet-defaults-7", deviceId: "device-17", itemType: "config" };
    const cfg = await s.up("cfg", cfgInputs);

    s.sandbox.deliveries.evict({ catalogId: "navigator-2.4.1" });
    expect(await s.read("nav", nav.id, nav.state)).toMatchObject({ id: "" });

    // Evicted and asked for again by someone else, who hit a checksum failure.
    s.sandbox.deliveries.evict({ catalogId: "fleet-defaults-7" });
    s.sandbox.deliveries.faults.notVerified.add("fleet-defaults-7");
    s.sandbox.deliveries.prepare("fleet-defaults-7", "device-2", s.sandbox.url);
    await eventually(() => s.sandbox.deliveries.statuses()["fleet-defaults-7"] === "error", "the other preparation to fail");
    const drifted = await s.read("cfg", cfg.id, cfg.state);
    expect(drifted).toMatchObject({
      id: "fleet-defaults-7",
      properties: { status: "error", error: { errorCode: "DELIVERY.notVerified" }, artifacts: [] },
    });
    expect(await s.diff("cfg", cfg.id, drifted.properties, cfgInputs)).toMatchObject({ replaces: ["status"], deleteBeforeReplace: true });
  });

  test("deadline then resume: the preparation is awaited again, never requested twice", async () => {
    const s = await start();
    s.sandbox.deliveries.faults.stalled.add("map-north-sector-2026-10");
    const inputs = { catalogId: "map-north-sector-2026-10", deviceId: "device-17", itemType: "map", timeoutSeconds: 0.3 };
    const error = (await s.up("map", inputs).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain(
      `map-north-sector-2026-10 for device-17: not ready after 0.3 s (timeoutSeconds); ${STALL_PERCENT}% prepared. GetApp goes on preparing it; run pulumi up again to keep waiting (it is not requested twice).`,
    );
    const pending = error.initFailure!;
    expect(pending.id).toBe("map-north-sector-2026-10");
    expect(pending.properties).toMatchObject({ status: "inProgress", progress: STALL_PERCENT, artifacts: [] });
    const text = loading.deliveryProviderText;
    expect(pending.properties.__provider).toBe(text.length <= 40 * 1024 ? text : PENDING_RESOURCE_PROVIDER);

    expect(await s.read("map", pending.id, pending.properties)).toMatchObject({ id: pending.id, properties: { status: "inProgress" } });
    const resumedInputs = { ...inputs, timeoutSeconds: 60 };
    expect(await s.diff("map", pending.id, pending.properties, resumedInputs)).toMatchObject({ changes: "some", replaces: [] });
    s.sandbox.deliveries.faults.stalled.clear();
    const { properties } = await s.update("map", pending.id, pending.properties, resumedInputs);
    expect(properties).toMatchObject({
      status: "done",
      progress: 100,
      timeoutSeconds: 60,
      artifacts: [
        { itemKey: "gpkg", hashAlgorithm: "SHA256Hex", verified: true },
        { itemKey: "json", verified: false },
      ],
    });
    expect(s.sandbox.counts().getappRequests.prepareDelivery).toBe(1);
  });

  test("check names each bad field; identity changes replace, settings update in place", async () => {
    const s = await start();
    const checked = await s.check("bad", { catalogId: " ", itemType: "sofware", verifyArtifacts: "yes", timeoutSecs: 5 });
    expect(checked.failures).toEqual([
      {
        property: "timeoutSecs",
        reason:
          'is not a PreparedDelivery input; did you mean "timeoutSeconds"? Valid inputs: catalogId, deviceId, itemType, verifyArtifacts, requireArtifactHashes, timeoutSeconds.',
      },
      { property: "catalogId", reason: "must not be empty or blank" },
      { property: "deviceId", reason: 'is required: the GetApp device id, for example "device-17"' },
      { property: "itemType", reason: 'must be one of software, map, cache, config, not the string "sofware"; did you mean "software"?' },
      { property: "verifyArtifacts", reason: 'must be true or false, not the string "yes"' },
    ]);
    expect(s.sandbox.counts().httpRequests).toBe(0);

    const { id, state } = await s.up("nav", NAVIGATOR);
    expect(await s.diff("nav", id, state, { ...NAVIGATOR, deviceId: "device-18" })).toMatchObject({
      replaces: ["deviceId"],
      deleteBeforeReplace: true,
    });
    expect(await s.diff("nav", id, state, { ...NAVIGATOR, catalogId: "navigator-2.5.0" })).toMatchObject({
      replaces: ["catalogId"],
      deleteBeforeReplace: false,
    });
    expect(await s.diff("nav", id, state, { ...NAVIGATOR, timeoutSeconds: 60 })).toMatchObject({ changes: "some", replaces: [] });
    const updated = await s.update("nav", id, state, { ...NAVIGATOR, timeoutSeconds: 60 });
    expect(updated.properties).toMatchObject({ status: "done", timeoutSeconds: 60 });
  });

  test("without GetApp settings, check fails naming the config key and the variable", async () => {
    const s = await start({ config: (sandbox) => ({ "plesk:url": sandbox.url }) });
    const checked = await s.check("nav", NAVIGATOR);
    expect(checked.failures).toEqual([
      {
        property: "",
        reason: expect.stringContaining(
          "Missing GetApp URL: set getapp:url (pulumi config set getapp:url https://getapp.example.com) or the GETAPP_URL environment variable.",
        ),
      },
    ]);
  });

  test("a wrong bearer token from the environment fails check with GetApp's 401, nothing prepared and no secret shown", async () => {
    const s = await start({
      config: (sandbox) => ({ "getapp:url": sandbox.url, "getapp:caCert": sandbox.caCert }),
      env: { ...process.env, GETAPP_TOKEN: "wrong-token-from-env" },
    });
    const error = (await s.up("nav", NAVIGATOR).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /the GetApp server at https:\/\/127\.0\.0\.1:\d+ cannot be worked with \(checked with one request, before anything would change; skipServerCheck true skips the check\): GetApp cache\/config failed with HTTP 401: Unauthorized \(check getapp:deviceAuth or getapp:token\)/,
    );
    expect(error.message).not.toContain("wrong-token-from-env");
    expect(s.sandbox.counts().getappRequests).toEqual({ "cache/config": 1 });
  });

  test("getapp:skipServerCheck leaves the server alone at check; the create then meets the 401", async () => {
    const s = await start({
      config: (sandbox) => ({ "getapp:url": sandbox.url, "getapp:caCert": sandbox.caCert, "getapp:skipServerCheck": "true" }),
      env: { ...process.env, GETAPP_TOKEN: "wrong-token-from-env" },
    });
    expect((await s.check("nav", NAVIGATOR)).failures).toEqual([]);
    expect(s.sandbox.counts().httpRequests).toBe(0);
    const error = (await s.up("nav", NAVIGATOR).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("GetApp prepareDelivery failed with HTTP 401: Unauthorized (check getapp:deviceAuth or getapp:token)");
  });
});

describe("what the host saw and returned for deliveries", () => {
  test("no GetApp credential appears in __provider, outputs, errors or the host's output", () => {
    expect(providerTexts).toHaveLength(2);
    const everything = JSON.stringify(hostTranscript) + providerTexts.join("\n");
    expect(everything).toContain("evicted from GetApp's cache");
    for (const secretText of [DEVICE_AUTH, "wrong-token-from-env"]) expect(everything).not.toContain(secretText);
  });
});
