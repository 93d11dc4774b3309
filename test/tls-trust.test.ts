import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { DIST } from "../harness/paths";
import { startSandbox, type Sandbox } from "../sandbox";
import { createSandboxCertificate } from "../sandbox/tls-certificate";

/**
 * `caCert` is trusted beside the roots Node trusts, not instead of them. Node's roots are fixed
 * when it starts (`NODE_EXTRA_CA_CERTS` adds to them), so each case runs the built provider in
 * a Node of its own, against the sandbox over HTTPS.
 */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({});
});
afterAll(() => sandbox.close());

/** Another server's certificate: a `caCert` that did not sign the sandbox's. */
const unrelatedCert = createSandboxCertificate(["plesk.other.example"]).serverCertChain.split(/(?<=-----END CERTIFICATE-----)\n?/)[0];

/** A CA of the same name as the sandbox's but another key, as after a CA was renewed under its old name. */
const sameNameOtherCa = createSandboxCertificate(["plesk.other.example"]).caCert;

const LIST_PACKAGES = `
const [dist, url, login, password, caCert] = process.argv.slice(1);
const { listServerPackages } = require(dist + "/provider/plesk/aps.js");
const { pleskClient } = require(dist + "/provider/plesk/client.js");
const { pleskEndpoint } = require(dist + "/provider/plesk/endpoint.js");
const { closeAllConnections } = require(dist + "/provider/http/pools.js");
const endpoint = pleskEndpoint({ url, auth: { kind: "login", login, password }, tls: { caCert }, limits: { maxAttempts: 1 } });
listServerPackages(pleskClient(endpoint))
  .then((packages) => console.log("listed " + packages.length), (error) => console.log(error.message))
  .finally(closeAllConnections);
`;

async function listWith(caCert: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { login, password } = sandbox.credentials;
  const args = ["-e", LIST_PACKAGES, join(DIST), sandbox.url, login, password, caCert];
  const { stdout } = await promisify(execFile)(process.execPath, args, { env, timeout: 30_000 });
  return stdout.trim();
}

const withoutExtraRoots = (): NodeJS.ProcessEnv => {
  const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
  return env;
};

test("a certificate signed by the caCert is trusted", async () => {
  expect(await listWith(sandbox.caCert!, withoutExtraRoots())).toBe("listed 0");
});

test("a certificate signed by a root Node trusts is trusted although caCert names another", async () => {
  const env = { ...withoutExtraRoots(), NODE_EXTRA_CA_CERTS: sandbox.caCertPath! };
  expect(await listWith(unrelatedCert, env)).toBe("listed 0");
});

test("a certificate signed by a root Node trusts is trusted although caCert is another CA of its issuer's name", async () => {
  expect(new X509Certificate(sameNameOtherCa).subject).toBe(new X509Certificate(sandbox.caCert!).subject);
  const env = { ...withoutExtraRoots(), NODE_EXTRA_CA_CERTS: sandbox.caCertPath! };
  expect(await listWith(sameNameOtherCa, env)).toBe("listed 0");
});

test("a caCert of the issuer's name but another key is refused as the wrong CA, not as a forgery", async () => {
  expect(await listWith(sameNameOtherCa, withoutExtraRoots())).toMatch(
    /the TLS certificate of https:\/\/127\.0\.0\.1:\d+ does not verify against caCert/,
  );
});

test("a certificate signed by neither is refused, naming caCert as the fix", async () => {
  expect(await listWith(unrelatedCert, withoutExtraRoots())).toMatch(
    /the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\); trust it by giving .* as caCert/,
  );
});
