import { X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import { createSandboxCertificate } from "../sandbox/tls-certificate";

test("the sandbox CA signs a server certificate for localhost, 127.0.0.1 and ::1", () => {
  const { caCert, serverCertChain } = createSandboxCertificate();
  const ca = new X509Certificate(caCert);
  const server = new X509Certificate(serverCertChain.slice(0, serverCertChain.indexOf("-----END CERTIFICATE-----") + 25));
  expect(ca.ca).toBe(true);
  expect(server.ca).toBe(false);
  expect(server.checkIssued(ca)).toBe(true);
  expect(server.verify(ca.publicKey)).toBe(true);
  expect(server.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
  expect(server.checkIP("127.0.0.1")).toBe("127.0.0.1");
});

test("every generated certificate is valid DER (random serials included)", () => {
  // A random serial once began with a zero byte now and then: OpenSSL refuses that encoding.
  for (let i = 0; i < 300; i++) {
    const { caCert, serverCertChain, serverKey } = createSandboxCertificate();
    expect(() => createSecureContext({ cert: serverCertChain, key: serverKey, ca: caCert })).not.toThrow();
  }
});
