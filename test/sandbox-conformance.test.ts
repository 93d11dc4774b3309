import { startSandbox, type CatalogConfiguration, type Sandbox, type SandboxOptions } from "../sandbox";
import { postRaw } from "./helpers/raw-post";
import { comparable, sample, SEED_TYPO3 } from "./helpers/samples";

/**
 * Every request sample of Plesk's documentation, sent to the sandbox in the state the sample
 * describes, gets the sample's answer element by element (whitespace and the packet's version
 * attribute aside: the samples omit it).
 */

/** Sizes from the seed's Linux transaction: a small finished package, then 3584225 and 45888236 bytes. */
const TRANSACTION_CATALOG: CatalogConfiguration = {
  catalogs: [
    {
      url: "http://apscatalog.com/",
      applications: [
        {
          name: "phpBB",
          vendor: "https://www.phpbb.com/",
          packager: "http://plesk.com/",
          packages: [{ version: "3.3.11", release: "1", sizeBytes: 1000 }],
        },
        {
          name: "BlogEngine.NET",
          vendor: "www.dotnetblogengine.net",
          packager: "www.glowtouch.com",
          packages: [{ version: "1.4.5", release: "1", sizeBytes: 3584225 }],
        },
        {
          name: "PrestaShop",
          vendor: "https://www.prestashop.com/",
          packager: "http://plesk.com/",
          packages: [{ version: "8.1.3", release: "1", sizeBytes: 45888236 }],
        },
      ],
    },
  ],
};

const download = (name: string, catalogUrl?: string) =>
  `<packet><aps><download-package><package><name>${name}</name></package>${
    catalogUrl === undefined ? "" : `<aps-catalog-url>${catalogUrl}</aps-catalog-url>`
  }</download-package></aps></packet>`;

let sandbox: Sandbox | undefined;
async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ manualClock: true, bandwidthBytesPerSecond: 1000, ...options });
  return sandbox;
}
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function expectAnswer(requestSample: string, responseSample: string): Promise<void> {
  const answer = await postRaw(sandbox!, sample(requestSample));
  expect(comparable(answer)).toEqual(comparable(sample(responseSample)));
}

describe("get-download-status samples", () => {
  test("task 18 finished with package 13 (response A)", async () => {
    const s = await start({ firstTaskId: 18, firstPackageId: 13, catalogs: TRANSACTION_CATALOG });
    await postRaw(s, download("phpBB"));
    s.clock.advance(1000);
    await expectAnswer("001-task-18.request", "001-task-18-finished.response");
  });

  test("task 18 that could not download (response B)", async () => {
    const s = await start({ firstTaskId: 18 });
    await postRaw(s, download("NotInAnyCatalog"));
    await expectAnswer("001-task-18.request", "001-task-18-failed.response");
  });

  test("task 18 unknown (response C): the sample's filter-id 181 is a typo we do not copy", async () => {
    await start();
    const answer = comparable(await postRaw(sandbox!, sample("001-task-18.request")));
    const expected = comparable(sample("001-task-18-not-found.response"));
    const withFilterId = (id: string) =>
      JSON.parse(JSON.stringify(expected).replace('"filter-id","text":"181"', `"filter-id","text":"${id}"`));
    expect(answer).toEqual(withFilterId("18"));
  });

  test("Linux transaction: one finished, one current, one queued (response A)", async () => {
    const s = await start({ firstTaskId: 10, firstPackageId: 5, catalogs: TRANSACTION_CATALOG });
    for (const name of ["phpBB", "BlogEngine.NET", "PrestaShop"]) await postRaw(s, download(name));
    s.clock.advance(1000 + 2458); // the first takes 1000 ms at 1000 B/s; then 2458 bytes of the second
    await expectAnswer("001-transaction.request", "001-transaction-linux.response");
  });

  test("Windows transaction reports 0/0 while running (response B)", async () => {
    const s = await start({ firstTaskId: 38, platform: "windows", catalogs: TRANSACTION_CATALOG });
    await postRaw(s, download("BlogEngine.NET"));
    s.clock.advance(500);
    await expectAnswer("001-transaction.request", "001-transaction-windows.response");
  });

  test("no transaction running (response C), also once every download has finished", async () => {
    const s = await start({ catalogs: TRANSACTION_CATALOG });
    await expectAnswer("001-transaction.request", "001-no-transaction.response");
    await postRaw(s, download("phpBB"));
    s.clock.advance(1000);
    await expectAnswer("001-transaction.request", "001-no-transaction.response");
  });
});

describe("download-package samples", () => {
  test("a pinned package from a named catalog gets task 4", async () => {
    await start({ firstTaskId: 4 });
    await expectAnswer("002-download-pinned.request", "002-download-pinned.response");
  });

  test("three operations: the sample shows one result; the schema (and the sandbox) gives each its own", async () => {
    await start({ firstTaskId: 4 });
    const answer = comparable(await postRaw(sandbox!, sample("002-download-three.request")));
    const operations = answer.children[0].children;
    expect(operations.map((op) => op.name)).toEqual(["download-package", "download-package", "download-package"]);
    expect({ ...answer, children: [{ ...answer.children[0], children: [operations[0]] }] }).toEqual(
      comparable(sample("002-download-three.response")),
    );
    expect(operations.map((op) => op.children[0].children[1].text)).toEqual(["4", "5", "6"]);
  });

  test("a catalog URL that differs by a trailing slash is unknown (1013)", async () => {
    await start();
    const answer = await postRaw(sandbox!, download("BlogEngine.NET", "http://apscatalog.com"));
    expect(comparable(answer)).toEqual(comparable(sample("002-catalog-url-unknown.response")));
  });

  test("a configured catalog whose host does not resolve (1023)", async () => {
    await start();
    const answer = await postRaw(sandbox!, download("WordPress", "http://apscatalog.co/"));
    expect(comparable(answer)).toEqual(comparable(sample("002-catalog-host-unresolvable.response")));
  });

  test("a broken catalogs configuration (1023)", async () => {
    const s = await start();
    s.aps.faults.brokenCatalogConfiguration = true;
    const answer = await postRaw(s, download("WordPress"));
    expect(comparable(answer)).toEqual(comparable(sample("002-catalog-config-broken.response")));
  });
});

describe("get-packages-list samples", () => {
  test("all packages on a server holding typo3 (response A)", async () => {
    const s = await start();
    s.aps.addPackage({ id: 1, ...SEED_TYPO3 });
    await expectAnswer("003-list-server.request", "003-list-server-one.response");
  });

  test("all packages on an empty server (response B)", async () => {
    await start();
    await expectAnswer("003-list-server.request", "003-list-server-empty.response");
  });

  test("ids 12 and 13 that do not exist", async () => {
    await start();
    await expectAnswer("003-list-12-13.request", "003-list-12-13-missing.response");
  });
});
