import { eventually, HostSession } from "./helpers/host-session";
import { DEMO_APPLICATIONS } from "./helpers/samples";
import { sourceLoading, type Loading } from "../harness/loadings";
import type { Props } from "../harness/provider-host";
import { startSandbox, type CatalogConfiguration, type RequestLogEntry, type Sandbox } from "../sandbox";

/** Batching, proven by what reaches the sandbox: reads that arrive together share packets. */

const APPS = DEMO_APPLICATIONS;

let loading: Loading;
let session: HostSession | undefined;
beforeAll(async () => {
  loading = await sourceLoading();
});
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** A package of that name put on the sandbox server, as if downloaded before. */
function putOnServer(s: HostSession, name: string) {
  return putOnSandbox(s.sandbox, name);
}

function putOnSandbox(sandbox: Sandbox, name: string) {
  return sandbox.aps.addPackage({
    name,
    version: "1.0",
    release: "1",
    vendor: "v",
    packager: "p",
    isUploaded: false,
    isVisible: true,
    globalSettingsNotSet: false,
  });
}

/** N packages put on the sandbox server and created (adopted) as resources. */
async function adoptedResources(s: HostSession, count: number) {
  const created = [];
  for (let i = 0; i < count; i++) putOnServer(s, `App ${i}`);
  for (let i = 0; i < count; i++) created.push({ name: `r${i}`, ...(await s.up(`r${i}`, { name: `App ${i}` })) });
  return created;
}

test("a refresh of 30 resources at once shares its packets, each read matched to its own id", async () => {
  const s = (session = await HostSession.start(loading));
  const resources = await adoptedResources(s, 30);
  s.sandbox.aps.removePackage(Number(resources[7].id));
  await s.nextCommand(); // pulumi refresh
  s.sandbox.resetCounts();
  const reads = await Promise.all(resources.map((r) => s.read(r.name, r.id, r.state)));
  reads.forEach((read, i) => {
    if (i === 7) expect(read.id).toBe("");
    else expect(read).toMatchObject({ id: resources[i].id, properties: { name: `App ${i}`, packageId: resources[i].id } });
  });
  // One packet when the reads arrive as one burst; a slow machine may split it once. Alone: 30.
  const counts = s.sandbox.counts();
  expect(Object.keys(counts.packetsByOperation)).toEqual(["get-packages-list"]);
  expect(counts.packetsByOperation["get-packages-list"]).toBeLessThanOrEqual(2);
});

test("when a batch answer is unusable, each id is read on its own and nothing is lost", async () => {
  const s = (session = await HostSession.start(loading));
  const resources = await adoptedResources(s, 5);
  s.sandbox.aps.faults.unusableBatchAnswers = true;
  await s.nextCommand(); // pulumi refresh
  s.sandbox.resetCounts();
  const reads = await Promise.all(resources.map((r) => s.read(r.name, r.id, r.state)));
  expect(reads.map((r) => r.id)).toEqual(resources.map((r) => r.id));
  expect(s.sandbox.counts().packetsByOperation).toEqual({ "get-packages-list": 1 + 5 });
});

test("downloads watched together fall back to one status packet per task when the batch answer is unusable", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { manualClock: true } }));
  s.sandbox.aps.faults.unusableBatchAnswers = true;
  const creates = APPS.slice(0, 4).map((name, i) => s.up(`d${i}`, { name }));
  await eventually(() => s.sandbox.taskLog().length === 4, "four download tasks");
  s.sandbox.clock.advance(3_600_000);
  const created = await Promise.all(creates);
  expect(created.map((c) => c.state.name)).toEqual(APPS.slice(0, 4));
  expect(s.sandbox.counts().operationsByName["download-package"]).toBe(4);
});

test("creates that arrive together share the search for a package to adopt", async () => {
  const s = (session = await HostSession.start(loading));
  const created = await Promise.all(APPS.slice(0, 10).map((name, i) => s.up(`c${i}`, { name })));
  expect(created).toHaveLength(10);
  const counts = s.sandbox.counts();
  expect(counts.operationsByName["download-package"]).toBe(10);
  // One shared adoption search, then read-backs that share packets too; alone it would be 20.
  expect(counts.packetsByOperation["get-packages-list"]).toBeLessThanOrEqual(4);
});

test("a search that comes while a whole list is on its way is answered by it: one whole list, and lists never queue behind each other", async () => {
  const lists: { from: number; to: number }[] = [];
  const onRequest = (entry: RequestLogEntry) => {
    if (entry.asked.includes("get-packages-list")) lists.push({ from: Date.now() - entry.ms, to: Date.now() });
  };
  // Each packet takes 400 ms, far longer than the 20 ms in which a read waits for company.
  const s = (session = await HostSession.start(loading, { sandbox: { requestLatencyMs: 400, onRequest } }));
  const first = s.up("first", { name: APPS[0] });
  // The check's one request to the server, then the first search's list.
  await eventually(() => s.sandbox.counts().httpRequests >= 2, "the first search to reach the server");
  const second = s.up("second", { name: APPS[1] });
  await Promise.all([first, second]);
  expect(s.sandbox.counts()).toMatchObject({ wholeServerLists: 1, operationsByName: { "download-package": 2 } });
  lists.sort((a, b) => a.from - b.from);
  expect(lists.length).toBeGreaterThanOrEqual(2);
  // Each list reaches the server after the one before it was answered (a few ms of slack).
  for (let i = 1; i < lists.length; i++) expect(lists[i].from).toBeGreaterThanOrEqual(lists[i - 1].to - 5);
});

test("a search that waited for a whole list that failed asks for its own: only the create that sent it fails", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { requestLatencyMs: 400 } }));
  s.sandbox.aps.faults.failingWholeLists = 1;
  const first = s.up("first", { name: APPS[0] }).catch((error: unknown) => error);
  // The check's one request to the server, then the first search's list.
  await eventually(() => s.sandbox.counts().httpRequests >= 2, "the first search to reach the server");
  const second = s.up("second", { name: APPS[1] });
  const [failed, created] = await Promise.all([first, second]);
  expect(String(failed)).toContain("Plesk get-packages-list failed with error 1023: Unable to list the packages: out of memory");
  expect(created.state).toMatchObject({ name: APPS[1], packageId: created.id });
  expect(s.sandbox.counts()).toMatchObject({ wholeServerLists: 2, operationsByName: { "download-package": 1 } });
});

test("two resources declaring the identical package in one run cause one download", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { manualClock: true } }));
  const both = [s.up("first", { name: "WordPress", version: "6.4" }), s.up("second", { name: "WordPress", version: "6.4" })];
  await eventually(() => s.sandbox.taskLog().length === 1, "the download task");
  s.sandbox.clock.advance(3_600_000);
  const [first, second] = await Promise.all(both);
  expect(first.id).toBe(second.id);
  expect(s.sandbox.counts().operationsByName["download-package"]).toBe(1);
});

test("a task Plesk forgot once its transaction ended is settled by the package on the server", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { manualClock: true } }));
  s.sandbox.aps.faults.forgetFinishedTasks = true;
  const creating = s.up("wp", { name: "WordPress", version: "6.4", release: "2" });
  await eventually(() => s.sandbox.taskLog().length === 1, "the download task");
  s.sandbox.clock.advance(3_600_000); // finishes, the transaction ends, the task is forgotten
  expect(s.sandbox.taskLog()).toEqual([]);
  const { id, state } = await creating;
  expect(state).toMatchObject({ packageId: id, name: "WordPress", version: "6.4", release: "2" });
  expect(s.sandbox.counts().operationsByName["download-package"]).toBe(1);
});

/** Reads handed over a few at a time, as the CLI does at its default `--parallel` of 8 here. */
async function refreshInGroups(s: HostSession, resources: { name: string; id: string; state: Props }[], group = 8) {
  const reads = [];
  for (let i = 0; i < resources.length; i += group) {
    reads.push(...(await Promise.all(resources.slice(i, i + group).map((r) => s.read(r.name, r.id, r.state)))));
  }
  return reads;
}

test("a refresh that reaches the provider a few reads at a time shares one list; a package the list lacks is asked for by id", async () => {
  const s = (session = await HostSession.start(loading));
  const resources = await adoptedResources(s, 40);
  s.sandbox.aps.removePackage(Number(resources[25].id));
  await s.nextCommand(); // pulumi refresh
  s.sandbox.resetCounts();
  const reads = await refreshInGroups(s, resources);
  reads.forEach((read, i) => {
    if (i === 25) expect(read.id).toBe("");
    else expect(read).toMatchObject({ id: resources[i].id, properties: { name: `App ${i}`, packageId: resources[i].id } });
  });
  // One whole list for every group, then the id the list lacks. Alone: 5 or more.
  expect(s.sandbox.counts().packetsByOperation).toEqual({ "get-packages-list": 2 });
});

test("a fleet's refresh, its reads handed over a few at a time across servers, costs each server one list, asked for ahead of its reads", async () => {
  const others = await Promise.all([startSandbox({ speed: 1000 }), startSandbox({ speed: 1000 })]);
  try {
    const fleet = (sandbox: Sandbox): Props => {
      const entry = (server: Sandbox) => ({
        url: server.url,
        login: server.credentials.login,
        password: server.credentials.password,
        caCert: server.caCert,
      });
      return { "plesk:servers": JSON.stringify({ a: entry(sandbox), b: entry(others[0]), c: entry(others[1]) }) };
    };
    const s = (session = await HostSession.start(loading, { config: fleet }));
    const servers = [
      ["a", s.sandbox],
      ["b", others[0]],
      ["c", others[1]],
    ] as const;
    const resources = [];
    for (const [, sandbox] of servers) for (let i = 0; i < 6; i++) putOnSandbox(sandbox, `App ${i}`);
    // Six on each server, in the state's order: server after server.
    for (const [server] of servers) {
      for (let i = 0; i < 6; i++) resources.push({ name: `${server}${i}`, ...(await s.up(`${server}${i}`, { name: `App ${i}`, server })) });
    }
    await s.nextCommand(); // pulumi refresh
    for (const [, sandbox] of servers) sandbox.resetCounts();
    const first = await refreshInGroups(s, resources.slice(0, 8));
    // Server c's list went out with server a's, before any of c's reads came: not one round trip after another.
    await eventually(() => others[1].counts().packetsByOperation["get-packages-list"] === 1, "server c's list asked ahead");
    const reads = [...first, ...(await refreshInGroups(s, resources.slice(8)))];
    expect(reads.map((read) => read.id)).toEqual(resources.map((r) => r.id));
    // Server b's first two reads share a group with server a's six: alone, they would cost b a packet by id and then a list.
    expect(servers.map(([, sandbox]) => sandbox.counts().packetsByOperation)).toEqual([
      { "get-packages-list": 1 },
      { "get-packages-list": 1 },
      { "get-packages-list": 1 },
    ]);
  } finally {
    await Promise.all(others.map((other) => other.close()));
  }
});

test("a change this provider makes is never hidden by a list read before it", async () => {
  const s = (session = await HostSession.start(loading));
  const resources = await adoptedResources(s, 16);
  await s.nextCommand(); // pulumi up --refresh: the reads first, then an update
  await refreshInGroups(s, resources);
  const [first] = resources;
  const hidden = await s.update(first.name, first.id, first.state, { ...first.inputs, visible: false });
  expect(hidden.properties).toMatchObject({ isVisible: false });
  expect(await s.read(first.name, first.id, hidden.properties)).toMatchObject({ properties: { isVisible: false, visible: false } });
});

test("after a change of its own, the provider reads a package back by id, not by the whole list", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { manualClock: true } }));
  const resources = await adoptedResources(s, 16);
  await s.nextCommand(); // pulumi up --refresh: the reads first, then the creates
  await refreshInGroups(s, resources);
  const creating = s.up("wp", { name: "WordPress" });
  await eventually(() => s.sandbox.taskLog().length === 1, "the download to start");
  s.sandbox.resetCounts();
  s.sandbox.clock.advance(3_600_000);
  expect(await creating).toMatchObject({ state: { name: "WordPress" } });
  expect(s.sandbox.counts()).toMatchObject({ packetsByOperation: { "get-packages-list": 1 }, wholeServerLists: 0 });
});

/** A catalog of `count` applications, `App 0` … , one small package each. */
function catalogOf(count: number): CatalogConfiguration {
  const applications = Array.from({ length: count }, (_, i) => ({
    name: `App ${i}`,
    vendor: "v",
    packager: "p",
    packages: [{ version: "1.0", release: "1", sizeBytes: 1000 }],
  }));
  return { catalogs: [{ url: "http://apscatalog.com/", applications }] };
}

/** Creates handed over a few at a time, as the CLI does at its default `--parallel` of 8 here. */
async function createInGroups(s: HostSession, names: readonly string[], group = 8) {
  const created = [];
  for (let i = 0; i < names.length; i += group) {
    created.push(...(await Promise.all(names.slice(i, i + group).map((name, j) => s.up(`r${i + j}`, { name })))));
  }
  return created;
}

test("an up of 40 creates costs one whole list, one look at running downloads and one before each download-package packet, and one download-package for each package not already there", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { catalogs: catalogOf(40) } }));
  const already = [3, 17, 30];
  const held = already.map((i) => putOnServer(s, `App ${i}`));
  const names = Array.from({ length: 40 }, (_, i) => `App ${i}`);
  const created = await createInGroups(s, names);

  created.forEach((resource, i) => expect(resource.state).toMatchObject({ name: `App ${i}`, packageId: resource.id, version: "1.0" }));
  expect(already.map((i) => created[i].id)).toEqual(held.map((pkg) => String(pkg.id)));
  expect(already.map((i) => created[i].state.adopted)).toEqual([true, true, true]);
  const counts = s.sandbox.counts();
  // One look when the creates began, and one right before each download-package packet left.
  expect(counts.wholeServerLists).toBe(1);
  expect(counts.transactionLooks).toBe(1 + counts.packetsByOperation["download-package"]!);
  expect(counts.operationsByName["download-package"]).toBe(37);
  // Read-backs and the adopted packages' confirmations ask by id, several to a packet.
  expect(counts.operationsByName["get-packages-list"]).toBeLessThan(40);
});

test("a package the run's search view holds is read by its id before it is adopted: one removed meanwhile is downloaded", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { catalogs: catalogOf(2) } }));
  const there = putOnServer(s, "App 1");
  await s.up("first", { name: "App 0" }); // takes the list that holds App 1
  s.sandbox.aps.removePackage(there.id);
  const second = await s.up("second", { name: "App 1" });
  expect(second.id).not.toBe(String(there.id));
  expect(second.state).toMatchObject({ name: "App 1", packageId: second.id, adopted: false });
  const counts = s.sandbox.counts();
  expect(counts.wholeServerLists).toBe(2); // the run's list, and a new one once the view was wrong
  expect(counts.operationsByName["download-package"]).toBe(2);
});

test("creates that wait together share download-package packets, each create matched to the task started for it", async () => {
  // Each packet takes 400 ms: creates handed over meanwhile wait for one of the two packets on their way to land.
  const s = (session = await HostSession.start(loading, { sandbox: { catalogs: catalogOf(16), requestLatencyMs: 400 } }));
  const names = Array.from({ length: 16 }, (_, i) => `App ${i}`);
  const created = await createInGroups(s, names);

  const tasks = new Map(s.sandbox.taskLog().map((task) => [String(task.id), task]));
  created.forEach((resource, i) => {
    expect(resource.state).toMatchObject({ name: `App ${i}`, packageId: resource.id, adopted: false });
    expect(tasks.get(String(resource.state.downloadTaskId))).toMatchObject({ name: `App ${i}`, packageId: Number(resource.id) });
  });
  const counts = s.sandbox.counts();
  expect(counts.operationsByName["download-package"]).toBe(16);
  // A group of 8: two leave alone, the six that came meanwhile share the next. One a packet: 16.
  expect(counts.packetsByOperation["download-package"]).toBeLessThanOrEqual(6);
});

test("a server that answers several download-package operations with one result: each create finds what started for it, nothing is downloaded twice, then one a packet", async () => {
  const s = (session = await HostSession.start(loading, { sandbox: { catalogs: catalogOf(16), requestLatencyMs: 400 } }));
  s.sandbox.aps.faults.oneResultForSeveralDownloads = true;
  const names = Array.from({ length: 16 }, (_, i) => `App ${i}`);
  const created = await createInGroups(s, names);

  created.forEach((resource, i) => expect(resource.state).toMatchObject({ name: `App ${i}`, packageId: resource.id }));
  const tasks = s.sandbox.taskLog();
  expect(tasks.map((task) => task.name).sort()).toEqual([...names].sort()); // one download each
  expect(new Set(created.map((resource) => resource.id)).size).toBe(16);
  const counts = s.sandbox.counts();
  expect(counts.operationsByName["download-package"]).toBe(16);
  const packets = counts.packetsByOperation["download-package"];
  expect(packets).toBeLessThan(16);
  // One packet held several and was the last to: the server got one operation a packet after it.
  // Its creates found their packages on the server and adopted them, asking for none again.
  expect(created.filter((resource) => resource.state.adopted).length).toBe(16 - (packets - 1));
});
