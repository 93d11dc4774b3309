import { inspect } from "node:util";
import {
  downloadPackage,
  getDownloadStatus,
  getDownloadTransaction,
  getPackages,
  listCatalogAndServerPackages,
  listServerPackages,
  setPackagesVisible,
} from "../provider/plesk/aps";
import { PleskApiError, PleskTransportError } from "../provider/plesk/errors";
import { closeAllConnections } from "../provider/http/pools";
import { startSandbox, type CatalogConfiguration, type Sandbox } from "../sandbox";
import { sandboxClient } from "./helpers/plesk-setup";
import { postRaw } from "./helpers/raw-post";

const PASSWORD = "pässwörd-Zq7!x";
const SECRET_KEY = "0f3c5e1a-sandbox-secret-key";

const CATALOG: CatalogConfiguration = {
  catalogs: [
    {
      url: "http://apscatalog.com/",
      applications: [
        {
          name: "WordPress",
          vendor: "http://wordpress.org/",
          packager: "http://plesk.com/",
          packages: [
            { version: "6.9", release: "1", sizeBytes: 2000 },
            { version: "6.10", release: "1", sizeBytes: 3000 },
            { version: "6.10", release: "05", sizeBytes: 4000 },
          ],
        },
        {
          name: "Жук & <Co>",
          vendor: 'ООО "Жук"',
          packager: "http://plesk.com/",
          packages: [{ version: "1.0", release: "1", sizeBytes: 1000 }],
        },
        {
          name: "Nextcloud",
          vendor: "https://nextcloud.com/",
          packager: "http://plesk.com/",
          needsGlobalSettings: true,
          packages: [{ version: "28.0.1", release: "1", sizeBytes: 1000 }],
        },
      ],
    },
  ],
};

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({
    manualClock: true,
    bandwidthBytesPerSecond: 1000,
    catalogs: CATALOG,
    password: PASSWORD,
    secretKey: SECRET_KEY,
  });
});
afterEach(() => sandbox.close());
afterAll(closeAllConnections);

/** Every error a test provokes, for the credential scan at the end of the file. */
const seenErrors: unknown[] = [];
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  seenErrors.push(error);
  return error as Error;
}

describe("APS operations over HTTPS", () => {
  test("download, watch, and read back: the highest version by PROTOCOL order, text kept as text", async () => {
    const client = sandboxClient(sandbox);
    const taskId = await downloadPackage(client, { package: { name: "WordPress" } });

    expect(await getDownloadStatus(client, [taskId])).toEqual(
      new Map([[taskId, { taskId, state: "running", totalBytes: 4000, completedBytes: 0 }]]),
    );
    sandbox.clock.advance(1500);
    expect((await getDownloadStatus(client, [taskId])).get(taskId)).toEqual({
      taskId,
      state: "running",
      totalBytes: 4000,
      completedBytes: 1500,
    });
    sandbox.clock.advance(2500);
    const done = (await getDownloadStatus(client, [taskId])).get(taskId);
    expect(done).toEqual({ taskId, state: "succeeded", packageId: "1" });

    const packages = await getPackages(client, ["1"]);
    expect(packages.get("1")).toMatchObject({
      id: "1",
      name: "WordPress",
      version: "6.10",
      release: "05",
      isVisible: true,
      isUploaded: false,
    });
  });

  test("a pinned version and the catalog URL are sent in schema order and honoured", async () => {
    const client = sandboxClient(sandbox);
    await downloadPackage(client, {
      package: { name: "WordPress", version: "6.9", vendor: "http://wordpress.org/" },
      catalogUrl: "http://apscatalog.com/",
    });
    expect(sandbox.taskLog()[0]).toMatchObject({ name: "WordPress", version: "6.9", release: "1", totalBytes: 2000 });
  });

  test("a name with XML metacharacters and Cyrillic round-trips", async () => {
    const client = sandboxClient(sandbox);
    const taskId = await downloadPackage(client, { package: { name: "Жук & <Co>", vendor: 'ООО "Жук"' } });
    sandbox.clock.advance(1000);
    const status = (await getDownloadStatus(client, [taskId])).get(taskId);
    expect(status).toMatchObject({ state: "succeeded" });
    const [listed] = await listServerPackages(client);
    expect(listed).toMatchObject({ name: "Жук & <Co>", vendor: 'ООО "Жук"' });
  });

  test("queued tasks wait behind the current one in one transaction", async () => {
    const client = sandboxClient(sandbox);
    const first = await downloadPackage(client, { package: { name: "Nextcloud" } });
    const second = await downloadPackage(client, { package: { name: "WordPress" } });
    const transaction = await getDownloadTransaction(client);
    expect(transaction.map((t) => [t.taskId, t.state])).toEqual([
      [first, "running"],
      [second, "queued"],
    ]);
    sandbox.clock.advance(1000);
    expect((await getDownloadStatus(client, [first, second])).get(second)).toMatchObject({ state: "running", completedBytes: 0 });
  });

  test("an unknown package finishes with Plesk's error; an unknown task is reported, not thrown", async () => {
    const client = sandboxClient(sandbox);
    const taskId = await downloadPackage(client, { package: { name: "NoSuchApp" } });
    const statuses = await getDownloadStatus(client, [taskId, "9999"]);
    expect(statuses.get(taskId)).toEqual({ taskId, state: "failed", message: "Cannot download package from catalog" });
    expect(statuses.get("9999")).toEqual({
      taskId: "9999",
      state: "unknown",
      errcode: 1013,
      errtext: "Download task with id 9999 not found",
    });
  });

  test("a download that fails when it starts", async () => {
    const client = sandboxClient(sandbox);
    sandbox.aps.faults.failingDownloads.set("WordPress", "Cannot download package from catalog: connection reset");
    const taskId = await downloadPackage(client, { package: { name: "WordPress" } });
    expect((await getDownloadStatus(client, [taskId])).get(taskId)).toMatchObject({
      state: "failed",
      message: "Cannot download package from catalog: connection reset",
    });
  });

  test("packages by id, missing ones as undefined; ids kept as written", async () => {
    const client = sandboxClient(sandbox);
    const added = sandbox.aps.addPackage({
      name: "typo3",
      version: "4.4.2",
      release: "5",
      vendor: "v",
      packager: "p",
      isUploaded: true,
      isVisible: false,
      globalSettingsNotSet: true,
    });
    const found = await getPackages(client, ["0" + added.id, "77"]);
    expect(found.get("0" + added.id)).toMatchObject({
      id: String(added.id),
      isUploaded: true,
      isVisible: false,
      globalSettingsNotSet: true,
    });
    expect(found.get("77")).toBeUndefined();
    expect(found.size).toBe(2);
  });

  test("<all/> lists catalog applications without ids beside the server's packages", async () => {
    const client = sandboxClient(sandbox);
    sandbox.aps.addPackage({
      name: "WordPress",
      version: "6.9",
      release: "1",
      vendor: "http://wordpress.org/",
      packager: "http://plesk.com/",
      isUploaded: false,
      isVisible: true,
      globalSettingsNotSet: false,
    });
    const listed = await listCatalogAndServerPackages(client);
    expect(listed.filter((p) => p.id !== undefined).map((p) => p.version)).toEqual(["6.9"]);
    expect(listed.filter((p) => p.id === undefined)).toHaveLength(4);
  });

  test("set-package-properties hides and shows; an unknown id fails with 1013", async () => {
    const client = sandboxClient(sandbox);
    const added = sandbox.aps.addPackage({
      name: "typo3",
      version: "4.4.2",
      release: "5",
      vendor: "v",
      packager: "p",
      isUploaded: false,
      isVisible: true,
      globalSettingsNotSet: false,
    });
    await setPackagesVisible(client, [String(added.id)], false);
    expect(sandbox.aps.package(added.id)?.isVisible).toBe(false);
    await setPackagesVisible(client, [String(added.id)], true);
    expect(sandbox.aps.package(added.id)?.isVisible).toBe(true);
    const error = await failure(setPackagesVisible(client, [String(added.id), "404"], false));
    expect(error).toMatchObject({ code: "PLESK_API_ERROR", errcode: 1013, errtext: "Package does not exist" });
  });

  test("one status packet carries every task id", async () => {
    const client = sandboxClient(sandbox);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await downloadPackage(client, { package: { name: "WordPress" } }));
    sandbox.resetCounts();
    expect((await getDownloadStatus(client, ids)).size).toBe(5);
    expect(sandbox.counts()).toMatchObject({ httpRequests: 1, packetsByOperation: { "get-download-status": 1 } });
  });
});

describe("errors Plesk reports", () => {
  test.each([
    [
      "a catalog URL missing its trailing slash",
      { catalogUrl: "http://apscatalog.com" },
      1013,
      'Catalog with URL "http://apscatalog.com" does not exist',
    ],
  ])("%s", async (_title, extra, errcode, errtext) => {
    const error = await failure(downloadPackage(sandboxClient(sandbox), { package: { name: "WordPress" }, ...extra }));
    expect(error).toBeInstanceOf(PleskApiError);
    expect(error).toMatchObject({ errcode, errtext, level: "operation", operation: "download-package" });
  });

  test("an unresolvable catalog host and a broken catalogs configuration are 1023", async () => {
    const unresolvable = await startSandbox({
      catalogs: { catalogs: [{ url: "http://apscatalog.co/", resolvable: false, applications: [] }] },
    });
    try {
      const error = await failure(downloadPackage(sandboxClient(unresolvable), { package: { name: "x" } }));
      expect(error).toMatchObject({ errcode: 1023, errtext: "Could not resolve host: apscatalog.co; No data record of requested type" });
    } finally {
      await unresolvable.close();
    }
    sandbox.aps.faults.brokenCatalogConfiguration = true;
    const broken = await failure(downloadPackage(sandboxClient(sandbox), { package: { name: "WordPress" } }));
    expect(broken).toMatchObject({ errcode: 1023, errtext: "APS Catalog configuration file is broken" });
  });

  test("a wrong password is system error 1001", async () => {
    const client = sandboxClient(sandbox, { auth: { kind: "login", login: "admin", password: "wrong" } });
    const error = await failure(listServerPackages(client));
    expect(error).toMatchObject({
      code: "PLESK_API_ERROR",
      level: "system",
      errcode: 1001,
      errtext: "You have entered incorrect username or password.",
    });
  });

  test("the secret key authenticates and wins over login headers; a wrong key is 11003", async () => {
    expect(await listServerPackages(sandboxClient(sandbox, { auth: { kind: "secret-key", secretKey: SECRET_KEY } }))).toEqual([]);
    const error = await failure(listServerPackages(sandboxClient(sandbox, { auth: { kind: "secret-key", secretKey: "not-the-key" } })));
    expect(error).toMatchObject({ level: "system", errcode: 11003 });
    const both = await postRaw(sandbox, "<packet><aps><get-packages-list><filter/></get-packages-list></aps></packet>", {
      "content-type": "text/xml",
      KEY: "not-the-key",
      HTTP_AUTH_LOGIN: "admin",
      HTTP_AUTH_PASSWD: PASSWORD,
    });
    expect(both).toContain("<errcode>11003</errcode>");
  });

  test("a misspelled auth header is 1029; header names match case-insensitively", async () => {
    const body = "<packet><aps><get-packages-list><filter/></get-packages-list></aps></packet>";
    const misspelled = await postRaw(sandbox, body, { "content-type": "text/xml", HTTP_AUTH_LOGIN: "admin", HTTP_AUTH_PASSWORD: PASSWORD });
    expect(misspelled).toMatch(/<errcode>1029<\/errcode>/);
    const lowerCase = await postRaw(sandbox, body, { "content-type": "text/xml", http_auth_login: "admin", http_auth_passwd: PASSWORD });
    expect(lowerCase).toMatch(/<status>ok<\/status>/);
  });

  test("packet versions: partial accepted and echoed, unknown is 1005", async () => {
    const body = (version: string) => `<packet version="${version}"><aps><get-packages-list><filter/></get-packages-list></aps></packet>`;
    expect(await postRaw(sandbox, body("1.6"))).toMatch(/<packet version="1.6">[\s\S]*<status>ok<\/status>/);
    expect(await postRaw(sandbox, body("1.6.3.5"))).toMatch(/<packet version="1.6.3.5">/);
    expect(await postRaw(sandbox, body("9.9"))).toMatch(/<errcode>1005<\/errcode>/);
  });

  test("malformed XML and elements out of schema order are 1014 with a parser-style message", async () => {
    const outOfOrder =
      "<packet>\n<aps>\n<download-package>\n<aps-catalog-url>http://apscatalog.com/</aps-catalog-url>\n<package><name>x</name></package>\n</download-package>\n</aps>\n</packet>";
    expect(await postRaw(sandbox, outOfOrder)).toContain(
      "Parser error: Request is invalid. Error in line 4: Element &apos;aps-catalog-url&apos;: This element is not expected. Expected is ( package ).",
    );
    const badId = "<packet><aps><get-download-status><filter><task-id>abc</task-id></filter></get-download-status></aps></packet>";
    expect(await postRaw(sandbox, badId)).toContain("is not a valid value of the atomic type &apos;id_type&apos;");
    const broken = await postRaw(sandbox, "<packet><aps><get-packages-list></aps></packet>");
    expect(broken).toMatch(/<errcode>1014<\/errcode>\s*<errtext>Parser error: Request is invalid. Error in line 1: /);
    expect(broken).toMatch(/^<\?xml version="1.0"\?>\n<packet version="1.6.9.1">\n\s*<system>/);
  });

  test("a wrong content type is refused whole", async () => {
    const answer = await postRaw(sandbox, "<packet/>", {
      "content-type": "application/json",
      HTTP_AUTH_LOGIN: "admin",
      HTTP_AUTH_PASSWD: PASSWORD,
    });
    expect(answer).toMatch(/<system>[\s\S]*<errcode>1014<\/errcode>/);
  });
});

describe("TLS", () => {
  test("an untrusted certificate is refused with a message saying how to trust it", async () => {
    const error = await failure(listServerPackages(sandboxClient(sandbox, { tls: {} })));
    expect(error).toBeInstanceOf(PleskTransportError);
    expect(error).toMatchObject({ failure: "tls", operation: "get-packages-list" });
    expect(error.message).toMatch(/not trusted .*caCert \(PLESK_CA_CERT\)/);
  });

  test("the CA given as caCert is trusted; insecureSkipVerify accepts anything", async () => {
    expect(await listServerPackages(sandboxClient(sandbox, { tls: { caCert: sandbox.caCert! } }))).toEqual([]);
    expect(await listServerPackages(sandboxClient(sandbox, { tls: { insecureSkipVerify: true } }))).toEqual([]);
  });

  test("plain HTTP works when the URL says http", async () => {
    const plain = await startSandbox({ http: true, password: PASSWORD });
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      expect(await listServerPackages(sandboxClient(plain))).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});

describe("credentials", () => {
  test("no error, message, inspection or serialization above holds a password or secret key", () => {
    expect(seenErrors.length).toBeGreaterThanOrEqual(7);
    for (const error of seenErrors) {
      const views = [String(error), (error as Error).stack ?? "", inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)];
      for (const view of views) {
        expect(view).not.toContain(PASSWORD);
        expect(view).not.toContain(SECRET_KEY);
        expect(view).not.toContain("not-the-key");
      }
    }
  });
});
