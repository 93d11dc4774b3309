import { DEFAULT_LIMITS } from "../provider/http/limits";
import { closeAllConnections } from "../provider/http/pools";
import { checkArtifact, unverifiableReason } from "../provider/getapp/artifact-verification";
import { startSandbox, type Sandbox } from "../sandbox";
import { artifactHash } from "../sandbox/artifact-bytes";
import { START_PHASE_MS } from "../sandbox/delivery-state";

/** Artifact checks against bytes the sandbox really serves over HTTPS. */

let sandbox: Sandbox;
let url: string;
const KEY = "fleet-defaults-7/fleet-defaults.json";

beforeAll(async () => {
  sandbox = await startSandbox({ manualClock: true });
  sandbox.deliveries.prepare("fleet-defaults-7", "device-17", sandbox.url);
  sandbox.clock.advance(START_PHASE_MS + 1);
  url = sandbox.deliveries.status("fleet-defaults-7", sandbox.url).artifacts![0].url; // pre-signed; the clock stands still
});
afterAll(async () => {
  await closeAllConnections();
  await sandbox.close();
});

const settings = () => ({ identity: "trusting the sandbox", tls: { caCert: sandbox.caCert! }, limits: DEFAULT_LIMITS });
const artifact = (algorithm: "SHA256Hex" | "SHA256Base64", hash: string, size = 1024) => ({
  itemKey: "fleet-defaults.json",
  url,
  size,
  hash: { algorithm, hash },
});

test("hex digests compare without regard to case; base64 exactly", async () => {
  const hex = artifactHash(KEY, 1024, "SHA256Hex");
  expect(await checkArtifact(artifact("SHA256Hex", hex.toUpperCase()), settings())).toMatchObject({
    matches: true,
    actual: hex,
    bytes: 1024,
  });
  const base64 = artifactHash(KEY, 1024, "SHA256Base64");
  expect((await checkArtifact(artifact("SHA256Base64", base64), settings())).matches).toBe(true);
  const otherCase = base64.replace(/[a-z]/, (letter) => letter.toUpperCase());
  expect(await checkArtifact(artifact("SHA256Base64", otherCase), settings())).toMatchObject({
    matches: false,
    expected: otherCase,
    actual: base64,
  });
});

test("a size other than announced, a missing artifact and a missing hash are errors that name the artifact", async () => {
  const hex = artifactHash(KEY, 1024, "SHA256Hex");
  await expect(checkArtifact(artifact("SHA256Hex", hex, 2048), settings())).rejects.toThrow(
    `GetApp artifact fleet-defaults.json failed (invalid-answer): ${sandbox.url}/__sandbox/artifacts/fleet-defaults-7/fleet-defaults.json serves 1024 bytes, but GetApp announced 2048`, // the signature is not shown
  );
  await expect(checkArtifact({ ...artifact("SHA256Hex", hex), url: url.replace("?", "-gone?") }, settings())).rejects.toThrow(
    /answered HTTP 403 for the artifact/,
  );
  await expect(checkArtifact({ itemKey: "x", url }, settings())).rejects.toThrow(
    "GetApp announced no hash for it, so it cannot be verified",
  );
});

test("what cannot be verified says why: no hash announced, a location that is not an HTTP(S) URL", () => {
  expect(unverifiableReason({ url })).toBe("no-hash");
  expect(unverifiableReason({ url: "registry.example/getapp/agent:2.4.1" })).toBe("not-http");
  expect(unverifiableReason({ url: "rpm://navigator-cli", hash: { algorithm: "SHA256Hex", hash: "00" } })).toBe("not-http");
  expect(unverifiableReason({ url, hash: { algorithm: "SHA256Hex", hash: "00" } })).toBeUndefined();
});

test("an untrusted certificate is refused with how to trust it", async () => {
  const hex = artifactHash(KEY, 1024, "SHA256Hex");
  await expect(
    checkArtifact(artifact("SHA256Hex", hex), { identity: "trusting the roots", tls: {}, limits: DEFAULT_LIMITS }),
  ).rejects.toThrow(
    /GetApp artifact fleet-defaults\.json failed \(tls\): the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\); trust it by giving .* as getapp:caCert \(GETAPP_CA_CERT\)/,
  );
});
