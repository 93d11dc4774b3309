import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { listServerPackages } from "../provider/plesk/aps";
import { closeAllConnections } from "../provider/http/pools";
import { pleskClient } from "../provider/plesk/client";
import { pleskEndpoint } from "../provider/plesk/endpoint";
import { createSandboxCertificate, type Validity } from "../sandbox/tls-certificate";
import { TEST_LIMITS } from "./helpers/plesk-setup";

/**
 * A certificate that is trusted but wrong is not fixed by trusting a CA: each failure names its
 * own cause. Real HTTPS servers on 127.0.0.1, with certificates made for the case.
 */

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});
afterAll(closeAllConnections);

async function failureAgainst(hostNames: string[], validity?: Validity): Promise<Error> {
  const certificate = createSandboxCertificate(hostNames, validity);
  server = createServer({ cert: certificate.serverCertChain, key: certificate.serverKey }, (_request, response) => response.end());
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = pleskEndpoint({
    url: `https://127.0.0.1:${port}`,
    auth: { kind: "login", login: "admin", password: "pw-never-shown" },
    tls: { caCert: certificate.caCert },
    limits: TEST_LIMITS,
  });
  return (await listServerPackages(pleskClient(endpoint)).catch((e: unknown) => e)) as Error;
}

const DAY = 24 * 60 * 60 * 1000;

test("a certificate for another host name says so, not how to trust a CA", async () => {
  const error = await failureAgainst(["plesk.other.example"]);
  expect(error).toMatchObject({ failure: "tls", networkCode: "ERR_TLS_CERT_ALTNAME_INVALID" });
  expect(error.message).toMatch(
    /the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not issued for the host name in the URL; use a host name the certificate names/,
  );
  expect(error.message).not.toContain("caCert");
});

test("an expired certificate says to renew it", async () => {
  const error = await failureAgainst(["127.0.0.1"], { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
  expect(error).toMatchObject({ failure: "tls", networkCode: "CERT_HAS_EXPIRED" });
  expect(error.message).toMatch(/has expired; renew it on the server/);
  expect(error.message).not.toContain("caCert");
});

test("a certificate not valid yet says to check the clocks", async () => {
  const error = await failureAgainst(["127.0.0.1"], { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) });
  expect(error).toMatchObject({ failure: "tls", networkCode: "CERT_NOT_YET_VALID" });
  expect(error.message).toMatch(/is not valid yet; check the clocks/);
});
