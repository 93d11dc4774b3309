import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HostCallError, secret } from "../harness/provider-host";
import { sourceLoading, type Loading } from "../harness/loadings";
import { eventually, HostSession, PREPARED_DELIVERY } from "./helpers/host-session";

/**
 * Faults met through Pulumi's own provider host: answers about the wrong object, a server that
 * never finishes answering, and a run killed while the server works. Asserted on answers,
 * request counts and recorded state, never on elapsed time.
 */

let loading: Loading;
let session: HostSession | undefined;
let stallingPlesk: Server | undefined;

beforeAll(async () => {
  loading = await sourceLoading();
}, 120_000);

afterEach(async () => {
  await session?.close();
  session = undefined;
  if (stallingPlesk) {
    stallingPlesk.closeAllConnections();
    await new Promise((resolve) => stallingPlesk!.close(resolve));
    stallingPlesk = undefined;
  }
});

const WORDPRESS = { name: "WordPress", version: "6.4", release: "2" };

test("a refresh answered about another package fails naming both ids and records nothing of it", async () => {
  const s = (session = await HostSession.start(loading));
  const theirs = s.sandbox.aps.addPackage({
    name: "Joomla",
    version: "5.0",
    release: "1",
    vendor: "http://joomla.org/",
    packager: "http://plesk.com/",
    isUploaded: false,
    isVisible: true,
    globalSettingsNotSet: false,
  });
  const { id, state } = await s.up("wp", WORDPRESS);
  s.sandbox.aps.faults.misdirectedAnswers.set(Number(id), theirs.id);
  await s.nextCommand(); // pulumi refresh: its first reads go by id

  const error = (await s.read("wp", id, state).catch((e: unknown) => e)) as HostCallError;
  expect(error).toBeInstanceOf(HostCallError);
  expect(error.message).toContain(`a result for id ${theirs.id}, which was not asked for (asked for ${id})`);
  expect(error.message).not.toContain("Joomla");
});

describe("a server that never finishes its answer", () => {
  /** A Plesk stand-in that answers the look-ups before a download, then stalls on `stallOn`. */
  async function startStallingPlesk(
    stallOn: "get-packages-list" | "download-package" | "task status",
  ): Promise<{ url: string; stalled: () => number }> {
    let stalled = 0;
    const answer = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><packet version="1.6.9.1"><aps>${inner}</aps></packet>`;
    stallingPlesk = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const operation = /<(get-packages-list|download-package|get-download-status)>/.exec(body)?.[1];
        const isTaskStatus = operation === "get-download-status" && body.includes("<task-id>");
        if (operation === stallOn || (stallOn === "task status" && isTaskStatus)) {
          stalled++;
          response.writeHead(200, { "content-type": "text/xml" });
          response.write("<packet><aps>"); // and nothing more, ever
          return;
        }
        response.writeHead(200, { "content-type": "text/xml" });
        if (operation === "get-packages-list")
          response.end(answer("<get-packages-list><result><status>ok</status></result></get-packages-list>"));
        else if (operation === "download-package")
          response.end(answer("<download-package><result><status>ok</status><task-id>5</task-id></result></download-package>"));
        else response.end(answer("<get-download-status><result><status>ok</status></result></get-download-status>"));
      });
    });
    await new Promise<void>((resolve) => stallingPlesk!.listen(0, "127.0.0.1", resolve));
    const { port } = stallingPlesk.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, stalled: () => stalled };
  }

  async function sessionAgainst(url: string): Promise<HostSession> {
    return (session = await HostSession.start(loading, {
      // The scripted server plays only the APS packets each test stalls; the server check is not its part.
      config: () => ({ "plesk:url": url, "plesk:login": "admin", "plesk:password": secret("stall-pw"), "plesk:skipServerCheck": "true" }),
    }));
  }

  // Each create below has a 2 s deadline; the response deadline of a request is 120 s, so a
  // create that let a request outlive its own deadline would outlast the test's 30 s.
  test("stalled status polls: the create ends at its deadline and is kept to resume", async () => {
    const plesk = await startStallingPlesk("task status");
    const s = await sessionAgainst(plesk.url);
    const error = (await s.up("wp", { ...WORDPRESS, downloadTimeoutSeconds: 2 }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain(
      "WordPress 6.4-2: still downloading after 2 s (downloadTimeoutSeconds). Download task 5 goes on in Plesk",
    );
    expect(error.initFailure).toMatchObject({ id: "download-task-5", properties: { downloadTaskId: "5" } });
    expect(plesk.stalled()).toBe(1);
  });

  test("a stalled download-package: the create ends at its deadline, saying the next run looks for the download", async () => {
    const plesk = await startStallingPlesk("download-package");
    const s = await sessionAgainst(plesk.url);
    const error = (await s.up("wp", { ...WORDPRESS, downloadTimeoutSeconds: 2 }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain("WordPress 6.4-2: download-package got no answer within 2 s (downloadTimeoutSeconds)");
    expect(error.message).toContain("the next pulumi up finds it among the server's running downloads");
    expect(error.initFailure).toBeUndefined();
    expect(plesk.stalled()).toBe(1);
  });

  test("a stalled search for the package: the create ends at its deadline, nothing started", async () => {
    const plesk = await startStallingPlesk("get-packages-list");
    const s = await sessionAgainst(plesk.url);
    const error = (await s.up("wp", { ...WORDPRESS, downloadTimeoutSeconds: 2 }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain(
      "WordPress 6.4-2: looking for it on the server took longer than 2 s (downloadTimeoutSeconds); nothing was started",
    );
    expect(error.initFailure).toBeUndefined();
  });

  test("after one create gave up on a silent server, the next one on it is not held for its whole deadline", async () => {
    const plesk = await startStallingPlesk("get-packages-list");
    const s = await sessionAgainst(plesk.url);
    await s.up("wp", { ...WORDPRESS, downloadTimeoutSeconds: 2 }).catch(() => undefined);
    // Its deadline is far off: only the first create's giving up on the same list ends it now.
    const error = (await s.up("wp2", { ...WORDPRESS, downloadTimeoutSeconds: 2 }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toMatch(
      /^WordPress 6\.4-2: https?:\/\/127\.0\.0\.1:\d+ has not answered the package list asked for 2 s ago, which a create given no more time than this one \(2 s \(downloadTimeoutSeconds\)\) gave up waiting for; nothing was started/,
    );
    expect(error.initFailure).toBeUndefined();
    expect(plesk.stalled()).toBe(1);
  });

  test("a create given more time than the one that gave up on a silent server still waits its own deadline", async () => {
    const plesk = await startStallingPlesk("get-packages-list");
    const s = await sessionAgainst(plesk.url);
    await s.up("wp", { ...WORDPRESS, downloadTimeoutSeconds: 2 }).catch(() => undefined);
    const error = (await s.up("wp2", { ...WORDPRESS, downloadTimeoutSeconds: 3 }).catch((e: unknown) => e)) as HostCallError;
    expect(error.message).toContain(
      "WordPress 6.4-2: looking for it on the server took longer than 3 s (downloadTimeoutSeconds); nothing was started",
    );
  });
});

describe("a run killed while the server works", () => {
  test("a package downloading when the host was killed is waited for and adopted, not downloaded again", async () => {
    const s = (session = await HostSession.start(loading, { sandbox: { manualClock: true } }));
    void s.up("wp", WORDPRESS).catch(() => undefined); // its host is killed below
    await s.host.waitForOutput(/WordPress 6\.4-2: downloading .* as task 1/);
    await s.killHostAndStartAnother();

    const again = s.up("wp", WORDPRESS);
    await s.host.waitForOutput(/WordPress 6\.4-2: the server is already downloading task 1, started outside this run; waiting for it/);
    s.sandbox.clock.advance(60_000);
    const { id, state } = await again;
    expect(state).toMatchObject({ packageId: id, name: "WordPress", version: "6.4", release: "2", adopted: true, downloadTaskId: "1" });
    await s.host.waitForOutput(
      new RegExp(`a download already running on the server \\(task 1\\) produced package ${id}; adopted, nothing downloaded twice`),
    );
    expect(s.sandbox.counts().operationsByName["download-package"]).toBe(1);
    expect([...s.sandbox.aps.packages.values()].filter((pkg) => pkg.name === "WordPress")).toHaveLength(1);
  });

  test("a running download of another package is waited for, then this one is downloaded", async () => {
    const s = (session = await HostSession.start(loading, { sandbox: { manualClock: true } }));
    void s.up("joomla", { name: "Joomla" }).catch(() => undefined);
    await s.host.waitForOutput(/Joomla \(latest\): downloading .* as task 1/);
    await s.killHostAndStartAnother();

    const wordpress = s.up("wp", WORDPRESS);
    await s.host.waitForOutput(/WordPress 6\.4-2: the server is already downloading task 1/);
    s.sandbox.clock.advance(60_000);
    await s.host.waitForOutput(/WordPress 6\.4-2: the server's running downloads produced other packages; downloading it now/);
    await eventually(() => s.sandbox.counts().operationsByName["download-package"] === 2, "WordPress's own download");
    s.sandbox.clock.advance(60_000);
    const { state } = await wordpress;
    expect(state).toMatchObject({ name: "WordPress", adopted: false, downloadTaskId: "2" });
  });

  test("a delivery GetApp is still preparing is waited on, not restarted", async () => {
    const s = (session = await HostSession.start(loading, { resource: PREPARED_DELIVERY, sandbox: { manualClock: true } }));
    const navigator = { catalogId: "navigator-2.4.1", deviceId: "device-17", itemType: "software" };
    void s.up("nav", navigator).catch(() => undefined);
    await eventually(() => s.sandbox.counts().getappRequests.prepareDelivery === 1, "the first POST");
    s.sandbox.clock.advance(1_500); // past locating the item: preparing
    await s.killHostAndStartAnother();

    const again = s.up("nav", navigator);
    // The POST comes first again; GetApp answers the running preparation as it is, restarting nothing.
    await s.host.waitForOutput(
      /navigator-2\.4\.1.*: GetApp is already preparing it \(requested before this run\); waiting for that preparation/,
    );
    s.sandbox.clock.advance(60_000);
    const { id, state } = await again;
    expect(id).toBe("navigator-2.4.1");
    expect(state).toMatchObject({ status: "done" });
    expect(s.sandbox.deliveries.preparationLog()).toEqual([expect.objectContaining({ deviceId: "device-17", status: "done" })]);
  });
});
