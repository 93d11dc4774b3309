import { deadlineFor } from "../provider/basics/deadline";
import { getappEndpoint } from "../provider/getapp/endpoint";
import { closeAllConnections } from "../provider/http/pools";
import { pleskEndpoint } from "../provider/plesk/endpoint";
import { packageServices } from "../provider/resources/aps-package/package-services";
import { deliveryServices } from "../provider/resources/prepared-delivery/delivery-services";
import { credentialFingerprint, startSandbox, type RequestLogEntry, type Sandbox } from "../sandbox";

/**
 * What the provider keeps per process (clients, watchers, read batches, pools) is keyed by the
 * whole identity of a connection. Against one real sandbox: connections that differ only in a
 * credential or in trust get their own services, and each request carries its own connection's
 * credential (the sandbox's request log names it); identical settings share.
 */

let sandbox: Sandbox;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ manualClock: true, onRequest: (entry) => log.push(entry) });
});
afterAll(async () => {
  await closeAllConnections();
  await sandbox.close();
});
beforeEach(() => {
  log.length = 0;
});

test("an identity is a digest: equal settings give one, any other credential or trust another, and it holds no secret", () => {
  const settings = {
    url: sandbox.url,
    auth: { kind: "login", login: "admin", password: sandbox.credentials.password },
    tls: { caCert: sandbox.caCert! },
  } as const;
  const one = pleskEndpoint(settings);
  expect(pleskEndpoint({ ...settings, tls: { caCert: sandbox.caCert! } }).identity).toBe(one.identity);
  expect(pleskEndpoint({ ...settings, auth: { ...settings.auth, password: "other" } }).identity).not.toBe(one.identity);
  expect(pleskEndpoint({ ...settings, tls: {} }).identity).not.toBe(one.identity);
  expect(pleskEndpoint({ ...settings, tls: { caCert: sandbox.caCert!, insecureSkipVerify: true } }).identity).not.toBe(one.identity);
  expect(one.identity).toMatch(/^[0-9a-f]{64}$/);
  expect(one.identity).not.toContain(sandbox.credentials.password);
});

test("Plesk: two logins on one URL never share a client; each packet carries its own", async () => {
  const right = pleskEndpoint({
    url: sandbox.url,
    auth: { kind: "login", login: "admin", password: sandbox.credentials.password },
    tls: { caCert: sandbox.caCert! },
  });
  const wrong = pleskEndpoint({
    url: sandbox.url,
    auth: { kind: "login", login: "admin", password: "not-it" },
    tls: { caCert: sandbox.caCert! },
  });
  expect(packageServices(wrong)).not.toBe(packageServices(right));
  expect(packageServices(pleskEndpoint({ ...right, url: sandbox.url }))).toBe(packageServices(right));

  await expect(packageServices(right).reads.listAll()).resolves.toEqual([]);
  await expect(packageServices(wrong).reads.listAll()).rejects.toThrow(/error 1001/);
  expect(log.map((entry) => [entry.credential, entry.outcome])).toEqual([
    [`login admin ${credentialFingerprint(sandbox.credentials.password)}`, "ok"],
    [`login admin ${credentialFingerprint("not-it")}`, "system error 1001"],
  ]);
});

test("GetApp: two device secrets on one URL never share a watcher; each request carries its own", async () => {
  const right = getappEndpoint({
    url: sandbox.url,
    auth: { kind: "device-auth", secret: sandbox.credentials.deviceAuth },
    tls: { caCert: sandbox.caCert! },
  });
  const wrong = getappEndpoint({ url: sandbox.url, auth: { kind: "device-auth", secret: "not-it" }, tls: { caCert: sandbox.caCert! } });
  expect(deliveryServices(wrong)).not.toBe(deliveryServices(right));
  expect(deliveryServices(wrong).endpoint.auth).toEqual({ kind: "device-auth", secret: "not-it" });

  const deadline = { deadline: deadlineFor({ seconds: 10, setBy: "test" }) };
  await expect(deliveryServices(wrong).watcher.wait("navigator-2.4.1", deadline)).rejects.toThrow(/401/);
  sandbox.deliveries.prepare("navigator-2.4.1", "software", sandbox.url);
  sandbox.clock.advance(600_000);
  await expect(deliveryServices(right).watcher.wait("navigator-2.4.1", deadline)).resolves.toMatchObject({ state: "done" });
  const seen = new Set(
    log.filter((entry) => entry.path.includes("preparedDelivery")).map((entry) => [entry.credential, entry.status].join(" ")),
  );
  expect(seen).toEqual(
    new Set([
      `device-auth ${credentialFingerprint("not-it")} 401`,
      `device-auth ${credentialFingerprint(sandbox.credentials.deviceAuth)} 200`,
    ]),
  );
});
