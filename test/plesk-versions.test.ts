import { downloadPackage, listServerPackages } from "../provider/plesk/aps";
import { pleskClient } from "../provider/plesk/client";
import { pleskEndpoint } from "../provider/plesk/endpoint";
import { closeAllConnections } from "../provider/http/pools";
import { packageServices } from "../provider/resources/aps-package/package-services";
import { startSandbox, type ApsOperatorSupport, type RequestLogEntry, type Sandbox } from "../sandbox";
import { postRaw } from "./helpers/raw-post";

/**
 * Servers that take the `aps` operator only at older packet versions, or not at all, as the
 * sandbox plays them, through the client over HTTPS. Plesk documents the operator for XML API
 * 1.6.0.1 to 1.6.2.0; the client speaks 1.6.9.1 first.
 */

let sandbox: Sandbox | undefined;
const log: RequestLogEntry[] = [];

async function start(apsOperator: ApsOperatorSupport): Promise<Sandbox> {
  log.length = 0;
  sandbox = await startSandbox({ manualClock: true, apsOperator, onRequest: (entry) => log.push(entry) });
  return sandbox;
}

function endpointOf(server: Sandbox) {
  return pleskEndpoint({
    url: server.url,
    auth: { kind: "login", login: "admin", password: server.credentials.password },
    tls: { caCert: server.caCert! },
  });
}

function clientOf(server: Sandbox, notices: string[]) {
  return pleskClient(endpointOf(server), { notice: (line) => notices.push(line) });
}

afterEach(async () => {
  await closeAllConnections();
  await sandbox?.close();
  sandbox = undefined;
});

const packet = (version: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?><packet version="${version}">${body}</packet>`;
const LIST = "<aps><get-packages-list><filter/></get-packages-list></aps>";

test("the sandbox playing Onyx's schema: aps refused above 1.6.2.0 with 1014 naming it, taken at 1.6.2.0", async () => {
  const server = await start("up-to-1.6.2.0");
  const refused = await postRaw(server, packet("1.6.9.1", LIST));
  expect(refused).toContain("<errcode>1014</errcode>");
  expect(refused).toMatch(
    /<errtext>Parser error: Request is invalid\. Error in line 1: Element &apos;aps&apos;: This element is not expected\./,
  );
  expect(await postRaw(server, packet("1.6.2.0", LIST))).toContain("<status>ok</status>");
  expect(await postRaw(server, packet("1.6", LIST))).toContain("<errcode>1014</errcode>"); // 1.6 is the newest 1.6
});

test("the sandbox tells its Plesk version to <server><get><stat/>", async () => {
  const server = await start("none");
  const answer = await postRaw(server, packet("1.6.9.1", "<server><get><stat/></get></server>"));
  expect(answer).toMatch(/<plesk_name>psa<\/plesk_name>\s*<plesk_version>18\.0\.61<\/plesk_version>/);
  expect(await postRaw(server, packet("1.6.2.0", LIST))).toContain("<errcode>1014</errcode>");
});

test("a server that takes aps only at 1.6.2.0: asked once more there, remembered, said once; download-package reaches it once", async () => {
  const server = await start("up-to-1.6.2.0");
  const notices: string[] = [];
  const client = clientOf(server, notices);
  await expect(listServerPackages(client)).resolves.toEqual([]);
  await expect(listServerPackages(client)).resolves.toEqual([]);
  const taskId = await downloadPackage(client, { package: { name: "WordPress", version: "6.4", release: "2" } });
  expect(taskId).toBe("1");
  expect(server.taskLog()).toHaveLength(1);
  // One refused packet, then everything at 1.6.2.0.
  expect(server.counts().systemErrors).toEqual({ 1014: 1 });
  expect(log.map((entry) => entry.outcome)).toEqual(["system error 1014", "ok", "ok", "ok"]);
  expect(notices).toEqual([
    expect.stringMatching(
      /^Plesk at https:\/\/127\.0\.0\.1:\d+ refused the aps operator at XML API version 1\.6\.9\.1 \(error 1014: Parser error: .*'aps'.*\); its packets go at 1\.6\.2\.0 from now on \(the operator is documented for Plesk 9\.0\.1 to Onyx 17\.5/,
    ),
  ]);
});

test("a fleet's server made known by another server's resource: its fallback line goes to a resource of its own", async () => {
  const server = await start("up-to-1.6.2.0");
  // A resource of another server of the fleet registers this one (for reads asked ahead) first.
  const madeKnown = packageServices(endpointOf(server));
  const heard: string[] = [];
  const services = packageServices(endpointOf(server), (line) => heard.push(line));
  expect(services).toBe(madeKnown);
  await listServerPackages(services.client);
  expect(heard).toEqual([expect.stringMatching(/refused the aps operator at XML API version 1\.6\.9\.1 .*; its packets go at 1\.6\.2\.0/)]);
});

test("a first download-package refused for its version is sent again at 1.6.2.0 and starts one task", async () => {
  const server = await start("up-to-1.6.2.0");
  const client = clientOf(server, []);
  await expect(downloadPackage(client, { package: { name: "Joomla" } })).resolves.toBe("1");
  expect(server.taskLog().map((task) => task.name)).toEqual(["Joomla"]);
  expect(server.counts().operationsByName["download-package"]).toBe(1);
});

test("a server without the aps operator: one clear error naming the versions tried and its Plesk version, asked once", async () => {
  const server = await start("none");
  const client = clientOf(server, []);
  const error = (await listServerPackages(client).catch((e: unknown) => e)) as Error & { code: string };
  expect(error.code).toBe("PLESK_APS_UNSUPPORTED");
  expect(error.message).toMatch(
    /^Plesk at https:\/\/127\.0\.0\.1:\d+ does not offer the XML API aps operator \(documented for Plesk 9\.0\.1 to Onyx 17\.5, XML API 1\.6\.0\.1 to 1\.6\.2\.0\), needed to manage APS packages: it refused it at packet versions 1\.6\.9\.1 and 1\.6\.2\.0 \(last: error 1014: .*\)\. The server reports Plesk 18\.0\.61\. Nothing was changed on the server\.$/,
  );
  const asked = log.length;
  await expect(downloadPackage(client, { package: { name: "Joomla" } })).rejects.toMatchObject({ code: "PLESK_APS_UNSUPPORTED" });
  expect(log.length).toBe(asked); // known by now: nothing more is sent
  expect(server.taskLog()).toEqual([]);
});

test("a refusal that does not prove the packet went unread is not retried at another version", async () => {
  const server = await start("all");
  const client = pleskClient(
    pleskEndpoint({ url: server.url, auth: { kind: "login", login: "admin", password: "wrong" }, tls: { caCert: server.caCert! } }),
  );
  await expect(listServerPackages(client)).rejects.toMatchObject({ errcode: 1001 });
  expect(log).toHaveLength(1);
});
