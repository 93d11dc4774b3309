import {
  DownloadAnswerUnmatchedError,
  downloadPackage,
  downloadPackages,
  getDownloadStatus,
  getDownloadTransaction,
  getPackages,
  listServerPackages,
} from "../provider/plesk/aps";
import { PleskApiError } from "../provider/plesk/errors";
import { closeAllConnections } from "../provider/http/pools";
import { clientOf } from "./helpers/plesk-setup";
import { sample, SEED_TYPO3 } from "./helpers/samples";
import { answerXml, startScriptedServer, type ScriptedServer } from "./helpers/scripted-server";

/** Every answer sample of Plesk's documentation, served over HTTP, read into typed results. */

let server: ScriptedServer | undefined;
async function clientAnswering(sampleName: string) {
  server = await startScriptedServer(answerXml(sample(sampleName)));
  return clientOf(server.url);
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(closeAllConnections);

const blogEngine = { name: "BlogEngine.NET" };

describe("get-download-status answers", () => {
  test("finished with a package id", async () => {
    const client = await clientAnswering("001-task-18-finished.response");
    expect(await getDownloadStatus(client, ["18"])).toEqual(new Map([["18", { taskId: "18", state: "succeeded", packageId: "13" }]]));
  });

  test("finished with an error", async () => {
    const client = await clientAnswering("001-task-18-failed.response");
    expect(await getDownloadStatus(client, ["18"])).toEqual(
      new Map([["18", { taskId: "18", state: "failed", message: "Cannot download package from catalog" }]]),
    );
  });

  test("unknown task, matched although the sample says filter-id 181", async () => {
    const client = await clientAnswering("001-task-18-not-found.response");
    expect(await getDownloadStatus(client, ["18"])).toEqual(
      new Map([["18", { taskId: "18", state: "unknown", errcode: 1013, errtext: "Download task with id 18 not found" }]]),
    );
  });

  test("a result about a task not asked for fails the call, naming both ids", async () => {
    const client = await clientAnswering("001-transaction-linux.response");
    // Results come back for 10, 11, 12; the one for 11 is about a task nobody asked for.
    await expect(getDownloadStatus(client, ["10", "99"])).rejects.toThrow(
      /a result for id 11, which was not asked for \(asked for 10, 99\)/,
    );
  });

  test("a Linux transaction, matched by id whatever the order asked", async () => {
    const client = await clientAnswering("001-transaction-linux.response");
    const statuses = await getDownloadStatus(client, ["12", "10", "11"]);
    expect(statuses.get("10")).toEqual({ taskId: "10", state: "succeeded", packageId: "5" });
    expect(statuses.get("11")).toEqual({ taskId: "11", state: "running", totalBytes: 3584225, completedBytes: 2458 });
    expect(statuses.get("12")).toEqual({ taskId: "12", state: "queued", totalBytes: 45888236, completedBytes: 0 });
    expect(await getDownloadTransaction(client)).toHaveLength(3);
  });

  test("a Windows transaction reporting 0/0 is running", async () => {
    const client = await clientAnswering("001-transaction-windows.response");
    expect(await getDownloadTransaction(client)).toEqual([{ taskId: "38", state: "running", totalBytes: 0, completedBytes: 0 }]);
  });

  test("no transaction is an empty list", async () => {
    const client = await clientAnswering("001-no-transaction.response");
    expect(await getDownloadTransaction(client)).toEqual([]);
  });
});

describe("download-package answers", () => {
  test("a task id", async () => {
    const client = await clientAnswering("002-download-pinned.response");
    expect(await downloadPackage(client, { package: blogEngine })).toBe("4");
  });

  test.each([
    ["002-catalog-url-unknown.response", 1013, 'Catalog with URL "http://apscatalog.com" does not exist'],
    ["002-catalog-host-unresolvable.response", 1023, "Could not resolve host: apscatalog.co; No data record of requested type"],
    ["002-catalog-config-broken.response", 1023, "APS Catalog configuration file is broken"],
  ])("%s is a PleskApiError with Plesk's code and text", async (name, errcode, errtext) => {
    const client = await clientAnswering(name);
    const error = await downloadPackage(client, { package: blogEngine }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PleskApiError);
    expect(error).toMatchObject({ code: "PLESK_API_ERROR", operation: "download-package", errcode, errtext, level: "operation" });
    expect((error as Error).message).toBe(`Plesk download-package failed with error ${errcode}: ${errtext}`);
  });
});

describe("several download-package operations in one packet", () => {
  const three = [{ package: blogEngine }, { package: { name: "WordPress" } }, { package: { name: "geeklog" } }];

  test("the sample's one result for three operations is not paired with any of them", async () => {
    const client = await clientAnswering("002-download-three.response");
    const error = await downloadPackages(client, three).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadAnswerUnmatchedError);
    expect(error).toMatchObject({ code: "PLESK_TRANSPORT_ERROR", failure: "invalid-answer", sent: 3, answered: 1 });
  });

  test("one element per operation is read in the order asked, a refusal only for its own", async () => {
    const ok = (taskId: string) => `<download-package><result><status>ok</status><task-id>${taskId}</task-id></result></download-package>`;
    const refused =
      "<download-package><result><status>error</status><errcode>1013</errcode><errtext>Catalog with URL &quot;x&quot; does not exist</errtext></result></download-package>";
    server = await startScriptedServer(answerXml(`<packet version="1.6.9.1"><aps>${ok("7")}${refused}${ok("9")}</aps></packet>`));
    const starts = await downloadPackages(clientOf(server.url), three);
    expect(starts[0]).toEqual({ taskId: "7" });
    expect(starts[1]).toMatchObject({ refused: { errcode: 1013, operation: "download-package" } });
    expect(starts[2]).toEqual({ taskId: "9" });
  });
});

describe("get-packages-list answers", () => {
  test("all packages: text stays text, flags become booleans", async () => {
    const client = await clientAnswering("003-list-server-one.response");
    expect(await listServerPackages(client)).toEqual([{ id: "1", ...SEED_TYPO3 }]);
  });

  test("an empty server", async () => {
    const client = await clientAnswering("003-list-server-empty.response");
    expect(await listServerPackages(client)).toEqual([]);
  });

  test("packages that do not exist map to undefined, by filter-id", async () => {
    const client = await clientAnswering("003-list-12-13-missing.response");
    expect(await getPackages(client, ["13", "12"])).toEqual(
      new Map([
        ["13", undefined],
        ["12", undefined],
      ]),
    );
  });
});
