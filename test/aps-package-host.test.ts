import { DEMO_APPLICATIONS } from "./helpers/samples";
import { HostCallError, type Props } from "../harness/provider-host";
import { PENDING_RESOURCE_PROVIDER } from "../provider/handlers/pending-provider";
import { eventually, HostSession, hostTranscript } from "./helpers/host-session";
import { installedLoading, sourceLoading, type Loading } from "../harness/loadings";
import { createSandboxCertificate } from "../sandbox/tls-certificate";

/**
 * ApsPackage through Pulumi's own dynamic-provider host, over gRPC, against the sandbox over
 * HTTPS: every scenario twice, once with the provider installed from `npm pack` into a fresh
 * project, once serialized from this repository's source.
 */

const LOADINGS = { "installed package": installedLoading, "repository source": sourceLoading };
const WORDPRESS_6_4_2 = {
  name: "WordPress",
  version: "6.4",
  release: "2",
  vendor: "http://wordpress.org/",
  packager: "http://plesk.com/",
  isUploaded: false,
  isVisible: true,
  globalSettingsNotSet: false,
};
const providerTexts: { loading: string; text: string }[] = [];

describe.each(Object.keys(LOADINGS) as (keyof typeof LOADINGS)[])("ApsPackage through the provider host, %s", (loadingName) => {
  let loading: Loading;
  let session: HostSession | undefined;

  beforeAll(async () => {
    loading = await LOADINGS[loadingName]();
    providerTexts.push({ loading: loadingName, text: loading.providerText });
    console.log(`${loadingName}: __provider is ${loading.providerText.length} bytes`);
  }, 240_000);

  afterAll(() => loading?.remove());

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function start(options: Parameters<typeof HostSession.start>[1] = {}): Promise<HostSession> {
    session = await HostSession.start(loading, options);
    return session;
  }

  test("full lifecycle: create, refresh, no-op diff, visibility in place, delete", async () => {
    const s = await start({ sandbox: { manualClock: true } });
    const creating = s.up("wp", { name: "WordPress", version: "6.4", release: "2" });
    await s.host.waitForOutput(/WordPress 6\.4-2: downloading \(24\.0 MB\) as task 1/);
    s.sandbox.clock.advance(60_000);
    const { id, state, inputs } = await creating;
    expect(id).toBe(state.packageId);
    expect(state).toMatchObject({
      name: "WordPress",
      version: "6.4",
      release: "2",
      vendor: "http://wordpress.org/",
      isVisible: true,
      adopted: false,
      downloadTaskId: "1",
      totalBytes: 24012288,
    });
    expect(s.sandbox.aps.package(Number(id))).toMatchObject({ name: "WordPress", version: "6.4", release: "2" });

    const refreshed = await s.read("wp", id, state);
    expect(refreshed.id).toBe(id);
    expect(refreshed.properties).toEqual(state);

    expect(await s.diff("wp", id, state, { name: "WordPress", version: "6.4", release: "2" })).toMatchObject({
      changes: "none",
      replaces: [],
    });

    const hide = { name: "WordPress", version: "6.4", release: "2", visible: false };
    expect(await s.diff("wp", id, state, hide)).toMatchObject({ changes: "some", replaces: [] });
    const updated = await s.update("wp", id, state, hide);
    expect(updated.properties).toMatchObject({ isVisible: false, visible: false, packageId: id });
    expect(s.sandbox.aps.package(Number(id))?.isVisible).toBe(false);

    s.sandbox.aps.updatePackage(Number(id), { isVisible: true });
    await s.nextCommand(); // pulumi destroy
    await s.delete("wp", id, updated.properties);
    expect(s.sandbox.aps.package(Number(id))).toMatchObject({ isVisible: false });
    // The host prints log lines apart from its gRPC answers: wait for the line, then check it is the only one.
    await s.host.waitForOutput(/stays on the server/);
    expect(s.host.output.filter((line) => line.includes("stays on the server"))).toEqual([
      expect.stringContaining(
        `WordPress 6.4-2: package ${id} stays on the server (Plesk has no API to remove APS packages); hidden from customers and resellers`,
      ),
    ]);
    expect(s.sandbox.counts().operationsByName["download-package"]).toBe(1);
    expect(inputs).toEqual({
      name: "WordPress",
      version: "6.4",
      release: "2",
      downloadTimeoutSeconds: 3600,
      __provider: loading.providerText,
    });
  });

  test("a replacement that lands on the same package does not hide it when the old resource goes", async () => {
    const s = await start();
    const before = { name: "WordPress", version: "6.4", release: "2", visible: true };
    const old = await s.up("wp", before);
    const after = { ...before, catalogUrl: "http://apscatalog.com/" };
    expect(await s.diff("wp", old.id, old.state, after)).toMatchObject({ replaces: ["catalogUrl"], deleteBeforeReplace: false });
    const replacement = await s.up("wp", after); // created first, then the old one is deleted
    expect(replacement).toMatchObject({ id: old.id, state: { adopted: true } });
    await s.delete("wp", old.id, old.state);
    expect(s.sandbox.aps.package(Number(old.id))?.isVisible).toBe(true);
    await s.host.waitForOutput(/stays on the server .*; left visible, because another resource of this deployment holds it/);
  });

  test("adoption: an identical package already on the server is taken over, nothing downloaded", async () => {
    const s = await start();
    const existing = s.sandbox.aps.addPackage(WORDPRESS_6_4_2);
    const { id, state } = await s.up("wp", { name: "WordPress", version: "6.4" });
    expect(id).toBe(String(existing.id));
    expect(state).toMatchObject({ adopted: true, packageId: String(existing.id), release: "2" });
    expect(state.downloadTaskId).toBeUndefined();
    expect(s.sandbox.counts().operationsByName["download-package"]).toBeUndefined();
    await s.host.waitForOutput(/adopted, nothing downloaded/);
  });

  test("pinned and unpinned versions: the outputs show what the server chose", async () => {
    const s = await start();
    const pinned = await s.up("wp-pinned", { name: "WordPress", version: "6.3.2" });
    expect(pinned.state).toMatchObject({ version: "6.3.2", release: "1" });
    const latest = await s.up("joomla", { name: "Joomla" });
    expect(latest.state).toMatchObject({ version: "5.0.2", release: "2" });
    expect(s.sandbox.taskLog().map((t) => [t.name, t.version, t.release])).toEqual([
      ["WordPress", "6.3.2", "1"],
      ["Joomla", "5.0.2", "2"],
    ]);
  });

  test("a queued download waits for the current one; progress is a few lines, not a stream", async () => {
    const s = await start({ sandbox: { manualClock: true, bandwidthBytesPerSecond: 1_000_000 } });
    const first = s.up("first", { name: "BlogEngine.NET", version: "1.4.5", release: "1" });
    await eventually(() => s.sandbox.taskLog().length === 1, "the first task");
    const second = s.up("second", { name: "geeklog", version: "2.2.2" });
    await s.host.waitForOutput(/geeklog 2\.2\.2: queued behind other downloads as task 2 \(7\.3 MB\)/);
    await s.host.waitForOutput(/BlogEngine\.NET 1\.4\.5-1: downloading \(3\.6 MB\) as task 1/);
    s.sandbox.clock.advance(1_800); // half of the first
    await s.host.waitForOutput(/BlogEngine\.NET 1\.4\.5-1: 50% \(1\.8 MB of 3\.6 MB/);
    s.sandbox.clock.advance(1_800);
    expect((await first).state).toMatchObject({ version: "1.4.5", release: "1" });
    await s.host.waitForOutput(/geeklog 2\.2\.2: downloading \(7\.3 MB\) as task 2/);
    s.sandbox.clock.advance(10_000);
    expect((await second).state).toMatchObject({ name: "geeklog", version: "2.2.2" });
    const geeklogLines = s.host.output.filter((line) => line.includes("geeklog"));
    expect(geeklogLines.length).toBeLessThanOrEqual(6);
  });

  test("Windows-style 0/0 progress still completes", async () => {
    const s = await start({ sandbox: { platform: "windows" } });
    const { state } = await s.up("typo3", { name: "typo3" });
    expect(state).toMatchObject({ name: "typo3", version: "4.4.2", release: "5" });
  });

  test("Windows 0/0 is reported as a download without progress", async () => {
    const s = await start({ sandbox: { platform: "windows", manualClock: true } });
    const created = s.up("typo3", { name: "typo3" });
    await s.host.waitForOutput(/typo3 \(latest\): downloading as task 1 \(Plesk reports no progress for it\)/);
    s.sandbox.clock.advance(60_000);
    await created;
  });

  test("finished/error fails the create with Plesk's message and records no resource", async () => {
    const s = await start();
    const error = await s.up("nope", { name: "NoSuchApplication" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).message).toContain(
      "NoSuchApplication (latest): Plesk could not download the package (download task 1): Cannot download package from catalog",
    );
    expect((error as HostCallError).initFailure).toBeUndefined();
  });

  test("a current Obsidian whose default APS catalog is gone fails the create saying so, pointing to catalogUrl and Extension", async () => {
    const s = await start({ sandbox: { apsCatalogGone: true } });
    const error = (await s.up("wp", { name: "WordPress" }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toMatch(
      /^WordPress \(latest\): Plesk at https:\/\/127\.0\.0\.1:\d+ could not download from its default APS catalog \(error 1023: Could not resolve host: apscatalog\.com.*\)\. Plesk has removed the APS Catalog from every Plesk Obsidian version.*Set catalogUrl to a self-hosted APS catalog, or declare what current Plesk installs as an Extension.*Nothing was recorded\.$/,
    );
    expect(error.initFailure).toBeUndefined();
    expect(s.sandbox.taskLog()).toEqual([]);
  });

  test("a Plesk error on download-package fails with operation, code and text", async () => {
    const s = await start();
    const error = (await s
      .up("bad-catalog", { name: "WordPress", catalogUrl: "http://apscatalog.com" })
      .catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toBe('Plesk download-package failed with error 1013: Catalog with URL "http://apscatalog.com" does not exist');
    expect(error.initFailure).toBeUndefined();
  });

  test("drift: a package removed on the server reads as gone; another package under its id reads as gone too", async () => {
    const s = await start();
    const removed = await s.up("removed", { name: "phpBB" });
    s.sandbox.aps.removePackage(Number(removed.id));
    await s.nextCommand(); // pulumi refresh
    expect(await s.read("removed", removed.id, removed.state)).toMatchObject({ id: "" });

    // Packages never change their identity on Plesk: another version under the id is another package.
    const { id, state } = await s.up("wp", { name: "WordPress", version: "6.4", release: "2" });
    s.sandbox.aps.updatePackage(Number(id), { version: "6.5" });
    await s.nextCommand(); // pulumi refresh
    expect(await s.read("wp", id, state)).toMatchObject({ id: "" });
    await s.host.waitForOutput(
      new RegExp(
        `WordPress 6\\.4-2: package ${id} now holds "WordPress 6\\.5-2" .*, not the "WordPress 6\\.4-2" .* recorded .*; read as gone`,
      ),
    );
  });

  describe("Plesk restarted: task ids renumbered, package ids reused", () => {
    const JOOMLA = /"Joomla 5\.0\.2-2" \(vendor http:\/\/www\.joomla\.org\/, packager http:\/\/plesk\.com\/\)/;

    /** Starts WordPress's download, then restarts Plesk, where someone else's download becomes task 1. */
    async function createAcrossRestart(s: HostSession, before?: () => void) {
      const creating = s.up("wp", { name: "WordPress", version: "6.4", release: "2" }).catch((e: unknown) => e);
      await s.host.waitForOutput(/WordPress 6\.4-2: downloading \(24\.0 MB\) as task 1/);
      s.sandbox.aps.restart();
      expect(s.sandbox.aps.startDownload({ name: "Joomla" }, undefined)).toEqual({ taskId: 1 });
      before?.();
      s.sandbox.clock.advance(600_000);
      return creating;
    }

    test("a task that finished as another application fails the create, naming both; nothing is recorded", async () => {
      const s = await start({ sandbox: { manualClock: true } });
      const error = (await createAcrossRestart(s)) as HostCallError;
      expect(error.message).toMatch(
        new RegExp(
          `^WordPress 6\\.4-2: download task 1 finished as package 1, which is ${JOOMLA.source}, not what was asked, and no matching package is on the server\\.`,
        ),
      );
      expect(error.message).toContain("Run pulumi refresh, then pulumi up to download it again.");
      expect(error.initFailure).toBeUndefined();
      expect(s.sandbox.aps.listPackages().map((pkg) => pkg.name)).toEqual(["Joomla"]);
    });

    test("if a matching package is on the server, it is adopted instead, and the line says so", async () => {
      const s = await start({ sandbox: { manualClock: true } });
      let uploaded = 0;
      const created = (await createAcrossRestart(s, () => {
        uploaded = s.sandbox.aps.addPackage({ ...WORDPRESS_6_4_2, id: 40 }).id;
      })) as { id: string; state: Props };
      expect(created.id).toBe(String(uploaded));
      expect(created.state).toMatchObject({ name: "WordPress", version: "6.4", packageId: "40", adopted: true });
      expect(created.state.downloadTaskId).toBeUndefined();
      await s.host.waitForOutput(
        new RegExp(
          `download task 1 finished as package 41, which is ${JOOMLA.source}, not what was asked; package 40 on the server matches, adopted instead`,
        ),
      );
    });

    test("a waiting download resumed after the restart is not settled by another application's task: it is dropped and the package asked for again", async () => {
      const s = await start({ sandbox: { manualClock: true } });
      const inputs = { name: "WordPress", version: "6.4", release: "2", downloadTimeoutSeconds: 30 };
      const pending = ((await s.up("wp", { ...inputs, downloadTimeoutSeconds: 0.3 }).catch((e: unknown) => e)) as HostCallError)
        .initFailure!;
      expect(pending.id).toBe("download-task-1");
      s.sandbox.aps.restart();
      s.sandbox.aps.startDownload({ name: "Joomla" }, undefined);
      s.sandbox.clock.advance(600_000);

      await s.nextCommand(); // pulumi up: the engine resumes the pending create with an update
      const resuming = s.update("wp", pending.id, pending.properties, inputs);
      // The restart emptied the task list: a WordPress task in it now is this run's new download.
      await eventually(() => s.sandbox.taskLog().some((task) => task.name === "WordPress"), "WordPress asked for again");
      s.sandbox.clock.advance(600_000);
      const resumed = await resuming;
      expect(resumed.properties).toMatchObject({ name: "WordPress", version: "6.4", release: "2", adopted: false });
      expect(resumed.properties.packageId).not.toBe(
        s.sandbox.aps
          .listPackages()
          .find((pkg) => pkg.name === "Joomla")!
          .id.toString(),
      );
      await s.host.waitForOutput(
        /download task 1, recorded by an earlier run, no longer names this download in Plesk .*; the task is dropped and the package asked for again/,
      );
    });

    test("a refresh finding the id held by another application reads it as gone; a delete leaves that one alone", async () => {
      const s = await start();
      const { id, state } = await s.up("wp", { name: "WordPress", version: "6.4", release: "2", visible: true });
      expect(id).toBe("1");
      s.sandbox.aps.removePackage(1);
      s.sandbox.aps.restart();
      s.sandbox.aps.startDownload({ name: "Joomla" }, undefined);
      await eventually(() => s.sandbox.aps.package(1)?.name === "Joomla", "Joomla to land as package 1");

      await s.nextCommand(); // pulumi refresh
      expect(await s.read("wp", id, state)).toMatchObject({ id: "" });
      await s.host.waitForOutput(new RegExp(`package 1 now holds ${JOOMLA.source}, not the "WordPress 6\\.4-2" .* recorded`));

      await s.nextCommand(); // pulumi destroy without a refresh: the stale state is deleted
      await s.delete("wp", id, state);
      expect(s.sandbox.aps.package(1)).toMatchObject({ name: "Joomla", isVisible: true });
      await s.host.waitForOutput(/package 1 stays on the server .*; left alone: package 1 now holds "Joomla/);
      expect(s.sandbox.counts().operationsByName["set-package-properties"]).toBeUndefined();
    });
  });

  describe("Plesk versions: the aps operator at older packet versions, or not at all", () => {
    test("a server that takes it only at 1.6.2.0: created with one download-package; the fallback is said once", async () => {
      const s = await start({ sandbox: { apsOperator: "up-to-1.6.2.0" } });
      const [first, second] = await Promise.all([
        s.up("wp", { name: "WordPress", version: "6.4", release: "2" }),
        s.up("joomla", { name: "Joomla" }),
      ]);
      expect(first.state).toMatchObject({ name: "WordPress", adopted: false });
      expect(second.state).toMatchObject({ name: "Joomla", adopted: false });
      expect(s.sandbox.counts().operationsByName["download-package"]).toBe(2);
      expect(s.sandbox.taskLog()).toHaveLength(2);
      await s.host.waitForOutput(/refused the aps operator at XML API version 1\.6\.9\.1 .*; its packets go at 1\.6\.2\.0 from now on/);
      expect(s.host.output.filter((line) => line.includes("refused the aps operator"))).toHaveLength(1);
    });

    test("a server without it: the create fails with one error naming the versions and the server's Plesk; nothing is recorded", async () => {
      const s = await start({ sandbox: { apsOperator: "none", pleskVersion: "18.0.62" } });
      const error = (await s.up("wp", { name: "WordPress" }).catch((e: unknown) => e)) as HostCallError;
      expect(error.message).toMatch(
        /^Plesk at https:\/\/127\.0\.0\.1:\d+ does not offer the XML API aps operator \(documented for Plesk 9\.0\.1 to Onyx 17\.5, .*\), needed to manage APS packages: it refused it at packet versions 1\.6\.9\.1 and 1\.6\.2\.0 .*The server reports Plesk 18\.0\.62\./,
      );
      expect(error.initFailure).toBeUndefined();
      expect(s.sandbox.taskLog()).toEqual([]);
    });
  });

  describe("a package several resources hold stays visible while one of them does", () => {
    test("two resources of one program: removing one leaves the package visible for the other", async () => {
      const s = await start();
      const inputs = { name: "WordPress", version: "6.4", release: "2", visible: true };
      const [first, second] = await Promise.all([s.up("first", inputs), s.up("second", inputs)]);
      expect(first.id).toBe(second.id);
      expect(s.sandbox.counts().operationsByName["download-package"]).toBe(1);

      await s.nextCommand(); // pulumi up without "second": the engine diffs "first", then deletes "second"
      expect(await s.diff("first", first.id, first.state, inputs)).toMatchObject({ changes: "none" });
      await s.delete("second", second.id, second.state);
      expect(s.sandbox.aps.package(Number(first.id))?.isVisible).toBe(true);
      await s.host.waitForOutput(/left visible, because another resource of this deployment holds it/);

      await s.nextCommand(); // pulumi destroy: the last holder goes
      await s.delete("first", first.id, first.state);
      expect(s.sandbox.aps.package(Number(first.id))?.isVisible).toBe(false);
    });

    test("a package another stack downloaded and this one adopted is not hidden when this one goes", async () => {
      const s = await start();
      const inputs = { name: "WordPress", version: "6.4", release: "2", visible: true };
      const owner = await s.up("owner", inputs); // stack A downloads it
      await s.nextCommand();
      const adopter = await s.up("adopter", inputs); // stack B, another process, adopts it
      expect(adopter).toMatchObject({ id: owner.id, state: { adopted: true } });

      await s.nextCommand(); // pulumi destroy of stack B
      await s.delete("adopter", adopter.id, adopter.state);
      expect(s.sandbox.aps.package(Number(owner.id))?.isVisible).toBe(true);
      await s.host.waitForOutput(/left visible: it was on the server before this resource adopted it/);
    });
  });

  test("a version bump in the program is a replacement; leaving the version out accepts the server's", async () => {
    const s = await start();
    const { id, state } = await s.up("wp", { name: "WordPress", version: "6.4", release: "2" });
    expect(await s.diff("wp", id, state, { name: "WordPress", version: "6.4.3" })).toMatchObject({
      changes: "some",
      replaces: ["version"],
    });
    expect(await s.diff("wp", id, state, { name: "WordPress" })).toMatchObject({ changes: "none", replaces: [] });
    expect(
      await s.diff("wp", id, state, { name: "WordPress", version: "6.4", release: "2", catalogUrl: "http://apscatalog.com/" }),
    ).toMatchObject({ replaces: ["catalogUrl"] });
    expect(await s.diff("wp", id, state, { name: "WordPress", version: "6.4", release: "2", downloadTimeoutSeconds: 60 })).toMatchObject({
      changes: "some",
      replaces: [],
    });
  });

  test("deadline then resume: the same task is awaited, exactly one download reaches Plesk", async () => {
    const s = await start({ sandbox: { manualClock: true } });
    const inputs = { name: "Nextcloud", downloadTimeoutSeconds: 0.3 };
    const error = (await s.up("nc", inputs).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toMatch(
      /Nextcloud \(latest\): still downloading after 0\.3 s \(downloadTimeoutSeconds\)\. Download task 1 goes on in Plesk; run pulumi up again/,
    );
    const pending = error.initFailure!;
    expect(pending.id).toBe("download-task-1");
    expect(pending.properties).toMatchObject({ downloadTaskId: "1", name: "Nextcloud" });
    // The provider travels with the pending state when it fits Pulumi's error trailer (64 KB);
    // a by-value one from source does not, and a small stand-in keeps the resource as it is.
    const expectedProvider = loading.providerText.length <= 40 * 1024 ? loading.providerText : PENDING_RESOURCE_PROVIDER;
    expect(pending.properties.__provider).toBe(expectedProvider);

    // A refresh while it still runs keeps the resource as it is.
    expect(await s.read("nc", pending.id, pending.properties)).toMatchObject({ id: "download-task-1" });

    // The next `pulumi up` diffs (changes: it is not ready) and updates: waiting resumes.
    const resumedInputs = { name: "Nextcloud", downloadTimeoutSeconds: 60 };
    expect(await s.diff("nc", pending.id, pending.properties, resumedInputs)).toMatchObject({ changes: "some", replaces: [] });
    const resumed = s.update("nc", pending.id, pending.properties, resumedInputs);
    await eventually(() => s.sandbox.counts().packetsByOperation["get-download-status"] >= 3, "the resumed wait to poll");
    s.sandbox.clock.advance(60_000);
    const { properties } = await resumed;
    expect(properties).toMatchObject({ packageId: "1", version: "28.0.1", downloadTaskId: "1", adopted: false });

    // A later refresh settles the id to the package id.
    expect(await s.read("nc", pending.id, properties)).toMatchObject({ id: "1" });
    expect(s.sandbox.counts().operationsByName["download-package"]).toBe(1);
  });

  test("20 resources in parallel share one host and one status packet per tick", async () => {
    const s = await start({ sandbox: { manualClock: true } });
    const names = DEMO_APPLICATIONS;
    const creates = Array.from({ length: 20 }, (_, i) => s.up(`pkg-${i}`, { name: names[i % names.length] }));
    // Twelve packages among the twenty: identical requests share one download.
    await eventually(() => s.sandbox.taskLog().length === 12, "12 download tasks");
    await eventually(() => (s.sandbox.counts().packetsByOperation["get-download-status"] ?? 0) >= 2, "the watcher to poll");
    s.sandbox.resetCounts();
    s.sandbox.clock.advance(3_600_000); // every download finishes at once
    const created = await Promise.all(creates);
    expect(new Set(created.map((c) => c.id)).size).toBe(12);
    const counts = s.sandbox.counts();
    // Twenty waiting downloads, yet one or two status packets: one per tick, not one per resource.
    expect(counts.packetsByOperation["get-download-status"]).toBeLessThanOrEqual(2);
    expect(counts.packetsByOperation["get-download-status"]).toBe(counts.operationsByName["get-download-status"]);
  });

  test("check refuses each invalid input, naming the property and the fix, before anything is sent", async () => {
    const s = await start();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: "" }, "name", "must not be empty or blank"],
      [{ name: "   " }, "name", "must not be empty or blank"],
      [{}, "name", "is required"],
      [{ name: "Word\u0007Press" }, "name", "control character U+0007"],
      [{ name: 42 }, "name", "must be a string, not number 42"],
      [{ name: "WordPress", version: 6.4 }, "version", "must be a string, not number 6.4"],
      [{ name: "WordPress", catalogUrl: "apscatalog.com" }, "catalogUrl", "is not a URL"],
      [{ name: "WordPress", catalogUrl: "ftp://apscatalog.com/" }, "catalogUrl", "must be an http:// or https:// URL"],
      [{ name: "WordPress", visible: "yes" }, "visible", 'must be true or false, not the string "yes"'],
      [{ name: "WordPress", downloadTimeoutSeconds: 0 }, "downloadTimeoutSeconds", "must be a number of seconds above 0"],
      [{ name: "WordPress", verison: "6.4" }, "verison", 'did you mean "version"?'],
      [{ name: "WordPress", catalogURL: "http://apscatalog.com/" }, "catalogURL", 'did you mean "catalogUrl"?'],
    ];
    for (const [inputs, property, reason] of cases) {
      const { failures } = await s.check("bad", inputs);
      expect({ inputs, failures }).toEqual({ inputs, failures: [{ property, reason: expect.stringContaining(reason) }] });
    }
    expect(s.sandbox.counts().httpRequests).toBe(0);
  });

  test("XML metacharacters are valid and escaped, not refused", async () => {
    const s = await start({
      sandbox: {
        catalogs: {
          catalogs: [
            {
              url: "http://apscatalog.com/",
              applications: [
                { name: "Жук & <Co>", vendor: "v", packager: "p", packages: [{ version: "1.0", release: "1", sizeBytes: 1000 }] },
              ],
            },
          ],
        },
      },
    });
    const { failures } = await s.check("zhuk", { name: "Жук & <Co>" });
    expect(failures).toEqual([]);
    expect((await s.up("zhuk", { name: "Жук & <Co>" })).state).toMatchObject({ name: "Жук & <Co>", version: "1.0" });
  });

  test("missing settings fail every call with one message naming the config key and the variable", async () => {
    const s = await start({ config: () => ({}) });
    // A failure of the whole resource (no property): the engine prints "… resource 'wp' has a problem: …".
    const checked = await s.check("wp", { name: "WordPress" });
    expect(checked.failures).toEqual([
      {
        property: "",
        reason: expect.stringContaining(
          "Missing Plesk URL: set plesk:url (pulumi config set plesk:url https://plesk.example.com:8443) or the PLESK_URL environment variable.",
        ),
      },
    ]);
    const error = (await s.host.create(s.urn("wp"), s.withProvider({ name: "WordPress" })).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("Missing Plesk URL");
  });

  test("environment variables stand in for config; explicit config wins", async () => {
    const s = await start({
      config: (sandbox) => ({ "plesk:url": sandbox.url, "plesk:caCert": sandbox.caCert }),
      env: { ...process.env, PLESK_URL: "https://unreachable.invalid", PLESK_LOGIN: "admin", PLESK_PASSWORD: "set-in-env-only" },
    });
    // The environment's password is wrong: a 1001 proves it was used, and it is never shown.
    const error = (await s.up("wp", { name: "WordPress" }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("1001");
    expect(error.message).not.toContain("set-in-env-only");
  });

  test("an untrusted certificate fails with how to trust it", async () => {
    const s = await start({
      config: (sandbox) => ({ "plesk:url": sandbox.url, "plesk:login": "admin", "plesk:password": sandbox.credentials.password }),
    });
    const error = (await s.up("wp", { name: "WordPress" }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted .*trust it by setting plesk:caCert \(or PLESK_CA_CERT\) to the CA's PEM/,
    );
  });

  test("a caCert renewed under the issuer's name is named as the likely cause", async () => {
    const renewed = createSandboxCertificate(["plesk.other.example"]).caCert;
    const s = await start({
      config: (sandbox) => ({
        "plesk:url": sandbox.url,
        "plesk:login": "admin",
        "plesk:password": sandbox.credentials.password,
        "plesk:caCert": renewed,
      }),
    });
    const error = (await s.up("wp", { name: "WordPress" }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/does not verify against caCert: .*\(CA_CERT_NOT_ISSUER\)\. The server's CA was likely renewed/);
    expect(error.message).toContain("plesk:caCert (or PLESK_CA_CERT)");
  });

  test("an untrusted certificate of a named server names that server's own keys", async () => {
    const s = await start({
      config: (sandbox) => ({
        "plesk:servers": JSON.stringify({ web1: { url: sandbox.url, login: "admin", password: sandbox.credentials.password } }),
      }),
    });
    const error = (await s.up("wp", { name: "WordPress", server: "web1" }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /is not trusted .*setting plesk:servers\.web1\.caCert to .*pulumi config set --path plesk:servers\.web1\.caCert/,
    );
    expect(error.message).toContain("plesk:servers.web1.insecureSkipVerify true");
    expect(error.message).not.toContain("PLESK_CA_CERT");
  });
});

describe("what the host saw and returned", () => {
  test("no credential appears in __provider, outputs, errors or the host's output", () => {
    expect(providerTexts).toHaveLength(2);
    const everything = JSON.stringify(hostTranscript) + providerTexts.map((p) => p.text).join("\n");
    expect(everything).toContain("stays on the server"); // the transcript is really there
    for (const secretText of [/Sb-[a-z0-9]+-pw/, /set-in-env-only/]) expect(everything).not.toMatch(secretText);
  });

  test("the installed package serializes to a small __provider; the source loading inlines the code", () => {
    const installed = providerTexts.find((p) => p.loading === "installed package")!.text;
    expect(installed).toMatch(/require\("pulumi-plesk-aps\/providers\/aps-package"\)/);
    expect(installed.length).toBeLessThan(1024);
  });
});
