import { pleskClient } from "../provider/plesk/client";
import { pleskEndpoint } from "../provider/plesk/endpoint";
import { getExtension, installExtension, listExtensions, uninstallExtension } from "../provider/plesk/extensions";
import { hasCode } from "../provider/basics/errors";
import { startSandbox, type Sandbox, type SandboxOptions } from "../sandbox";
import { postRaw } from "./helpers/raw-post";
import { comparable } from "./helpers/samples";

/**
 * The sandbox's `<extension>` operator against PROTOCOL.md §6's packets, and the provider's
 * client reading each answer shape it allows.
 */

let sandbox: Sandbox | undefined;
async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox({ manualClock: true, ...options });
  return sandbox;
}
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const packet = (body: string, version = "1.6.9.1") => `<?xml version="1.0" encoding="UTF-8"?><packet version="${version}">${body}</packet>`;
const expectAnswer = async (body: string, answer: string, version?: string) =>
  expect(comparable(await postRaw(sandbox!, packet(body, version)))).toEqual(comparable(packet(answer, version)));

const details = (id: string, name: string, version: string, release: string) =>
  `<details><id>${id}</id><name>${name}</name><version>${version}</version><release>${release}</release><active>true</active></details>`;
const LETSENCRYPT = details("letsencrypt", "Let&apos;s Encrypt", "3.2.6", "2413");

test("get lists each installed extension in a result of its own; Let's Encrypt is installed, as Plesk ships", async () => {
  await start();
  await expectAnswer(
    "<extension><get/></extension>",
    `<extension><get><result><status>ok</status>${LETSENCRYPT}</result></get></extension>`,
  );
});

test("install answers only once its time has passed, and the extension is there from then on", async () => {
  const s = await start({ extensionInstallSeconds: 60 });
  let answered = false;
  const answer = postRaw(s, packet("<extension><install><id>wp-toolkit</id></install></extension>")).then((text) => {
    answered = true;
    return text;
  });
  await expectAnswer(
    "<extension><get><filter><id>wp-toolkit</id></filter></get></extension>",
    `<extension><get><result><status>error</status><errcode>1013</errcode><errtext>Extension wp-toolkit is not installed</errtext></result></get></extension>`,
  );
  expect(answered).toBe(false);
  s.clock.advance(60_000);
  expect(comparable(await answer)).toEqual(
    comparable(packet("<extension><install><result><status>ok</status></result></install></extension>")),
  );
  await expectAnswer(
    "<extension><get><filter><id>wp-toolkit</id></filter></get></extension>",
    `<extension><get><result><status>ok</status>${details("wp-toolkit", "WP Toolkit", "6.8.2", "9140")}</result></get></extension>`,
  );
});

test("uninstall removes it; an unknown id and an unfetchable URL fail with Plesk's codes", async () => {
  const s = await start({ extensionInstallSeconds: 0 });
  await expectAnswer(
    "<extension><uninstall><id>letsencrypt</id></uninstall></extension>",
    "<extension><uninstall><result><status>ok</status></result></uninstall></extension>",
  );
  expect(s.extensions!.list()).toEqual([]);
  await expectAnswer(
    "<extension><install><id>no-such</id></install></extension>",
    "<extension><install><result><status>error</status><errcode>1013</errcode><errtext>Extension no-such was not found in the catalog</errtext></result></install></extension>",
  );
  await expectAnswer(
    "<extension><install><url>https://example.com/notes.txt</url></install></extension>",
    "<extension><install><result><status>error</status><errcode>1023</errcode><errtext>Unable to download the extension from https://example.com/notes.txt</errtext></result></install></extension>",
  );
});

test("a Plesk older than 1.6.8.0 refuses <extension> with 1014, as does an older packet version", async () => {
  await start({ extensionOperator: false });
  const refused = await postRaw(sandbox!, packet("<extension><get/></extension>"));
  expect(refused).toMatch(
    /<errcode>1014<\/errcode>\s*<errtext>Parser error: Request is invalid\. Error in line 1: Element &apos;extension&apos;: This element is not expected\./,
  );
  await sandbox!.close();
  await start();
  expect(await postRaw(sandbox!, packet("<extension><get/></extension>", "1.6.7.0"))).toContain("<errcode>1014</errcode>");
});

test("the client reads both answer shapes of get, names with & and <, and an id not installed as absent", async () => {
  const s = await start({ extensionInstallSeconds: 0, installedExtensions: ["letsencrypt", "sslit", "git"] });
  const client = pleskClient(
    pleskEndpoint({
      url: s.url,
      auth: { kind: "login", login: s.credentials.login, password: s.credentials.password },
      tls: { caCert: s.caCert! },
    }),
  );
  const one = await listExtensions(client);
  s.extensions!.faults.groupedGetAnswers = true;
  const grouped = await listExtensions(client);
  expect(grouped).toEqual(one);
  expect(one.map((extension) => extension.name)).toEqual(["Let's Encrypt", "SSL It! & Security <Advisor>", "Git"]);
  expect(await getExtension(client, "docker")).toBeUndefined();
  await installExtension(client, { url: "https://ext.example.com/docker-1.9.4.zip" }, { responseTimeoutMs: 10_000 });
  expect(await getExtension(client, "docker")).toMatchObject({ id: "docker", version: "1.9.4", active: true });
  expect(await uninstallExtension(client, "docker")).toBe("uninstalled");
  expect(await uninstallExtension(client, "docker")).toBe("absent");
});

test("the client turns a Plesk without the operator into one error naming its version", async () => {
  const s = await start({ extensionOperator: false, pleskVersion: "12.5.30" });
  const client = pleskClient(
    pleskEndpoint({
      url: s.url,
      auth: { kind: "login", login: s.credentials.login, password: s.credentials.password },
      tls: { caCert: s.caCert! },
    }),
  );
  const error = await listExtensions(client).catch((e: unknown) => e);
  expect(hasCode(error, "PLESK_EXTENSIONS_UNSUPPORTED")).toBe(true);
  expect((error as Error).message).toMatch(
    /^Plesk at https:\/\/127\.0\.0\.1:\d+ does not offer the XML API extension operator .*The server reports Plesk 12\.5\.30/,
  );
});

test("a refused login or key is sent once, never retried: Plesk's Fail2Ban bans an address after a few failures", async () => {
  const s = await start({ secretKey: "right-key" });
  const wrongLogin = pleskClient(
    pleskEndpoint({ url: s.url, auth: { kind: "login", login: "admin", password: "wrong" }, tls: { caCert: s.caCert! } }),
  );
  const wrongKey = pleskClient(
    pleskEndpoint({ url: s.url, auth: { kind: "secret-key", secretKey: "wrong-key" }, tls: { caCert: s.caCert! } }),
  );
  for (const [client, errcode] of [
    [wrongLogin, 1001],
    [wrongKey, 11003],
  ] as const) {
    s.resetCounts();
    const error = await listExtensions(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PLESK_API_ERROR", errcode });
    expect(s.counts()).toMatchObject({ httpRequests: 1, systemErrors: { [errcode]: 1 } });
  }
});
