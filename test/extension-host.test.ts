import { HostCallError } from "../harness/provider-host";
import { installedLoading, sourceLoading, type Loading } from "../harness/loadings";
import { EXTENSION, HostSession, type SessionOptions } from "./helpers/host-session";

/**
 * Extension through Pulumi's own dynamic-provider host, over gRPC, against the sandbox's XML API
 * over HTTPS: with the provider installed from `npm pack` and serialized from this repository.
 */

const LOADINGS = { "installed package": installedLoading, "repository source": sourceLoading };
const WPT = { extensionId: "wp-toolkit" };

describe.each(Object.keys(LOADINGS) as (keyof typeof LOADINGS)[])("Extension through the provider host, %s", (loadingName) => {
  let loading: Loading;
  let session: HostSession | undefined;

  beforeAll(async () => {
    loading = await LOADINGS[loadingName]();
  }, 240_000);

  afterAll(() => loading?.remove());

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  async function start(options: SessionOptions = {}): Promise<HostSession> {
    session = await HostSession.start(loading, { resource: EXTENSION, ...options });
    return session;
  }

  const installs = (s: HostSession) =>
    s.sandbox.extensions!.installLog().map((entry) => ("id" in entry.source ? entry.source.id : entry.source.url));

  test("installs what is missing once, adopts what is there; one get answers a refresh; Plesk's own update is news, not a change", async () => {
    const s = await start();
    const wpt = await s.up("wpt", WPT);
    expect(wpt.id).toBe("wp-toolkit");
    expect(wpt.state).toEqual({
      __provider: s.providerText,
      extensionId: "wp-toolkit",
      installTimeoutSeconds: 900,
      name: "WP Toolkit",
      version: "6.8.2",
      release: "9140",
      active: true,
      adopted: false,
    });
    const le = await s.up("le", { extensionId: "letsencrypt" });
    expect(le.state).toMatchObject({ name: "Let's Encrypt", adopted: true });
    expect(installs(s)).toEqual(["wp-toolkit"]);

    s.sandbox.extensions!.updateByPlesk("wp-toolkit");
    await s.nextCommand();
    s.sandbox.resetCounts();
    const [readWpt, readLe] = await Promise.all([s.read("wpt", wpt.id, wpt.state), s.read("le", le.id, le.state)]);
    expect(s.sandbox.counts().operationsByName).toEqual({ "extension:get": 1 });
    expect(readWpt.properties).toMatchObject({ version: "6.8.3", release: "9141", adopted: false });
    expect(readLe.properties).toMatchObject({ version: "3.2.6", adopted: true });
    const diff = await s.diff("wpt", wpt.id, readWpt.properties, WPT);
    expect(diff.changes).toBe("none");
    expect(installs(s)).toEqual(["wp-toolkit"]);
  }, 60_000);

  test("installs to one server go one at a time", async () => {
    const s = await start({ sandbox: { speed: 100, extensionInstallSeconds: 10 } });
    await Promise.all(["wp-toolkit", "git", "docker"].map((extensionId) => s.up(extensionId, { extensionId })));
    const log = s.sandbox.extensions!.installLog();
    expect(log).toHaveLength(3);
    for (const [earlier, later] of log.slice(1).map((entry, i) => [log[i]!, entry] as const))
      expect(later.startedAt).toBeGreaterThanOrEqual(earlier.endsAt);
  }, 60_000);

  test("an extension uninstalled behind Pulumi's back reads as gone; delete uninstalls only what it installed", async () => {
    const s = await start();
    const wpt = await s.up("wpt", WPT);
    const git = await s.up("git", { extensionId: "git" });
    const le = await s.up("le", { extensionId: "letsencrypt" });
    s.sandbox.extensions!.uninstall("git");
    await s.nextCommand();
    expect((await s.read("git", git.id, git.state)).id).toBe("");

    await s.delete("wpt", wpt.id, wpt.state);
    await s.delete("le", le.id, le.state);
    expect([...s.sandbox.extensions!.installed.keys()]).toEqual(["letsencrypt"]);
    // The host prints log lines apart from its gRPC answers: wait for the line.
    await s.host.waitForOutput(/extension letsencrypt stays installed: it was installed before this resource adopted it/);
  }, 60_000);

  test("an id the catalog does not have fails naming it and Plesk's text; nothing is recorded", async () => {
    const s = await start();
    const error = (await s.up("nope", { extensionId: "no-such-extension" }).catch((e: unknown) => e)) as HostCallError;
    expect(error).toBeInstanceOf(HostCallError);
    expect(error.message).toMatch(
      /Plesk extension install failed for extension id "no-such-extension" on Plesk at https:\/\/127\.0\.0\.1:\d+ with error 1013: Extension no-such-extension was not found in the catalog\. Nothing was recorded/,
    );
    expect(error.initFailure).toBeUndefined();
  }, 60_000);

  test("a ZIP URL that installs another extension fails naming both ids", async () => {
    const s = await start();
    const error = (await s
      .up("docker", { extensionId: "docker", url: "https://ext.example.com/zips/git-2.5.1.zip" })
      .catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toMatch(
      /the ZIP at https:\/\/ext\.example\.com\/zips\/git-2\.5\.1\.zip installed extension git, not docker as declared/,
    );
    expect(error.initFailure).toBeUndefined();
  }, 60_000);

  test("a Plesk older than Onyx 17.0 fails the check naming the server and its version; nothing is sent", async () => {
    const s = await start({ sandbox: { extensionOperator: false, pleskVersion: "12.5.30" } });
    const checked = await s.check("wpt", WPT);
    expect(checked.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^the Plesk server at https:\/\/127\.0\.0\.1:\d+ cannot be worked with .*does not offer the XML API extension operator \(Plesk Onyx 17\.0, XML API 1\.6\.8\.0, and later\).*The server reports Plesk 12\.5\.30/,
        ),
      },
    ]);
    expect(s.sandbox.counts().operationsByName["extension:install"]).toBeUndefined();
  }, 60_000);

  test("an install that outlives its wait is recorded as not ready; the next up adopts what it produced without installing again", async () => {
    const s = await start({ sandbox: { speed: 10, extensionInstallSeconds: 30 } });
    const error = (await s.up("wpt", { ...WPT, installTimeoutSeconds: 1 }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toMatch(
      /extension wp-toolkit: the install sent to Plesk at .* had not ended when this wait did .*not sent again/,
    );
    expect(error.initFailure).toMatchObject({ id: "wp-toolkit", properties: { extensionId: "wp-toolkit", adopted: false } });
    const pending = error.initFailure!.properties;
    expect(pending.installStartedAt).toEqual(expect.any(String));

    await s.nextCommand();
    const diff = await s.diff("wpt", "wp-toolkit", pending, WPT);
    expect(diff.changes).toBe("some");
    const updated = await s.update("wpt", "wp-toolkit", pending, WPT);
    expect(updated.properties).toMatchObject({ version: "6.8.2", adopted: false });
    expect(updated.properties.installStartedAt).toBeUndefined();
    expect(installs(s)).toEqual(["wp-toolkit"]);
  }, 60_000);
});
