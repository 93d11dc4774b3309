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

  test("create prepares and verifies; refresh keeps it; a no-op diff; delete evicts", async () => {
    const s = await start();
    const { id, state, inputs } = await s.up("nav", NAVIGATOR);
    expect(id).toBe("navigator-2.4.1");
    expect(inputs).toEqual({ ...NAVIGATOR, verifyArtifacts: true, timeoutSeconds: 3600, __provider: loading.deliveryProviderText });
    const base = `${s.sandbox.url}/__sandbox/artifacts/navigator-2.4.1`;
    expect(state).toEqual({
      __provider: loading.deliveryProviderText,
      ...NAVIGATOR,
      verifyArtifacts: true,
      timeoutSeconds: 3600,
      status: "done",
      progress: 100,
      size: 6295552,
      artifacts: [
        {
          itemKey: "navigator-2.4.1-linux-x64.tar.gz",
          url: `${base}/navigator-2.4.1-linux-x64.tar.gz`,
          size: 6291456,
          artifactType: "package",
          metaData: '{"platform":"linux-x64","version":"2.4.1"}',
          hashAlgorithm: "SHA256Hex",
          hash: artifactHash("navigator-2.4.1/navigator-2.4.1-linux-x64.tar.gz", 6291456, "SHA256Hex"),
          signature: "MEUCIQDx9demo-signature-navigator-package",
          isExecutable: false,
          verified: true,
        },
        {
          itemKey: "install-navigator.sh",
          url: `${base}/install-navigator.sh`,
          size: 4096,
          artifactType: "script",
          metaData: '{"shell":"bash"}',
          hashAlgorithm: "SHA256Base64",
          hash: artifactHash("navigator-2.4.1/install-navigator.sh", 4096, "SHA256Base64"),
          signature: "MEUCIQDx9demo-signature-navigator-script",
          isExecutable: true,
          arguments: "--silent --prefix /opt/navigator",
          verified: true,
        },
      ],
    });
    expect(s.sandbox.counts().getappRequests).toMatchObject({ prepareDelivery: 1, artifact: 2 });
    await s.host.waitForOutput(/navigator-2\.4\.1 for device-17: ready, 2 artifact\(s\), 6\.3 MB, each SHA-256 checked/);

    const refreshed = await s.read("nav", id, state);
    expect(refreshed).toMatchObject({ id, properties: state });
    expect(await s.diff("nav", id, state, NAVIGATOR)).toMatchObject({ changes: "none", replaces: [] });

    await s.delete("nav", id, state);
    expect(s.sandbox.deliveries.statuses()["navigator-2.4.1"]).toBe("delete");
    await s.host.waitForOutput(/navigator-2\.4\.1 for device-17: evicted from GetApp's cache/);
    expect(s.sandbox.counts().getappRequests.prepareDelivery).toBe(1);
  });

  test("an artifact that does not match its announced hash fails the create, naming item, algorithm and both values", async () => {
    const s = await start();
    s.sandbox.deliveries.faults.wrongHashes.add("install-navigator.sh");
    const error = (await s.up("nav", NAVIGATOR).catch((e: unknown) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    const announced = artifactHash("navigator-2.4.1/install-navigator.sh#other", 4096, "SHA256Base64");
    const actual = artifactHash("navigator-2.4.1/install-navigator.sh", 4096, "SHA256Base64");
    expect(error.message).toContain(
      `navigator-2.4.1 for device-17: 1 artifact(s) do not match the hash GetApp announced: artifact install-navigator.sh: SHA256Base64 announced ${announced}, the bytes served hash to ${actual}`,
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
      "navigator-2.4.1 for device-17: GetApp could not prepare it: DELIVERY.download: download of navigator-2.4.1-linux-x64.tar.gz failed after 3 attempts: the source answered HTTP 503. Run pulumi up again to request it anew.",
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
    s.sandbox.deliveries.prepare("fleet-defaults-7", "config", s.sandbox.url);
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
      artifacts: [{ itemKey: "north-sector.gpkg", hashAlgorithm: "SHA256Base64", verified: true }],
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
          'is not a PreparedDelivery input; did you mean "timeoutSeconds"? Valid inputs: catalogId, deviceId, itemType, verifyArtifacts, timeoutSeconds.',
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

  test("a bearer token from the environment works; a wrong one fails with GetApp's 401 and no secret", async () => {
    const s = await start({
      config: (sandbox) => ({ "getapp:url": sandbox.url, "getapp:caCert": sandbox.caCert }),
      env: { ...process.env, GETAPP_TOKEN: "wrong-token-from-env" },
    });
    const error = (await s.up("nav", NAVIGATOR).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("GetApp preparedDelivery failed with HTTP 401: Unauthorized (check getapp:deviceAuth or getapp:token)");
    expect(error.message).not.toContain("wrong-token-from-env");
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
