import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isIPv4 } from "node:net";

/**
 * A throw-away CA and a server certificate it signs, made at start-up so the sandbox speaks
 * HTTPS like Plesk without shipping a key. Users trust the CA's PEM, exactly as they would trust
 * their own Plesk server's self-signed certificate. Node makes keys but not X.509 certificates;
 * the few DER structures needed are encoded below.
 */
export interface SandboxCertificate {
  /** PEM of the CA to trust. */
  readonly caCert: string;
  /** The CA's private key (PKCS #8 PEM): kept only to sign the next start's server certificate. */
  readonly caKey: string;
  /** PEM chain served by the sandbox: the server certificate, then the CA. */
  readonly serverCertChain: string;
  readonly serverKey: string;
}

/** A CA made by an earlier start, to sign this start's server certificate. */
export interface CertificateAuthority {
  readonly caCert: string;
  readonly caKey: string;
}

/** When the server certificate is valid; by default from a day ago for a year. */
export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const CA_NAME = "pulumi-plesk-aps sandbox CA";

export function createSandboxCertificate(
  hostNames: readonly string[] = ["localhost", "127.0.0.1", "::1"],
  serverValidity?: Validity,
  authority?: CertificateAuthority,
): SandboxCertificate {
  const server = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const caName = distinguishedName(CA_NAME);
  let caCert: string;
  let caKey: KeyObject;
  if (authority) {
    caCert = authority.caCert;
    caKey = createPrivateKey(authority.caKey);
  } else {
    const ca = generateKeyPairSync("ec", { namedCurve: "P-256" });
    caKey = ca.privateKey;
    caCert = pem(
      "CERTIFICATE",
      certificate({
        subject: caName,
        issuer: caName,
        // The CA outlives any one start: a state directory keeps it for ten years.
        validity: { notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + 10 * 365 * DAY_MS) },
        subjectKey: ca.publicKey,
        signingKey: ca.privateKey,
        extensions: [
          extension(OID.basicConstraints, true, sequence(boolean(true))),
          extension(OID.keyUsage, true, bitString(Buffer.from([0x06]))), // keyCertSign, cRLSign
        ],
      }),
    );
  }
  const serverDer = certificate({
    subject: distinguishedName(hostNames[0]),
    issuer: caName,
    ...(serverValidity ? { validity: serverValidity } : {}),
    subjectKey: server.publicKey,
    signingKey: caKey,
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]))), // digitalSignature
      extension(OID.extKeyUsage, false, sequence(objectId(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(...hostNames.map(alternativeName))),
    ],
  });

  return {
    caCert,
    caKey: caKey.export({ type: "pkcs8", format: "pem" }).toString(),
    serverCertChain: pem("CERTIFICATE", serverDer) + caCert,
    serverKey: server.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

interface CertificateSpec {
  readonly subject: Buffer;
  readonly issuer: Buffer;
  readonly subjectKey: KeyObject;
  readonly signingKey: KeyObject;
  readonly extensions: readonly Buffer[];
  readonly validity?: Validity;
}

function certificate(spec: CertificateSpec): Buffer {
  const now = Date.now();
  const signatureAlgorithm = sequence(objectId(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x3f) | 0x40; // positive, and no leading zero byte (DER wants the shortest form)
  const tbs = sequence(
    tagged(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    signatureAlgorithm,
    spec.issuer,
    sequence(utcTime(spec.validity?.notBefore ?? new Date(now - DAY_MS)), utcTime(spec.validity?.notAfter ?? new Date(now + 365 * DAY_MS))),
    spec.subject,
    spec.subjectKey.export({ type: "spki", format: "der" }),
    tagged(3, sequence(...spec.extensions)),
  );
  return sequence(tbs, signatureAlgorithm, bitString(sign("sha256", tbs, spec.signingKey)));
}

function distinguishedName(commonName: string): Buffer {
  return sequence(tlv(0x31, sequence(objectId(OID.commonName), tlv(0x0c, Buffer.from(commonName, "utf8")))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectId(oid), ...(critical ? [boolean(true)] : []), tlv(0x04, value));
}

function alternativeName(host: string): Buffer {
  if (isIPv4(host)) return tlv(0x87, Buffer.from(host.split(".").map(Number)));
  if (host.includes(":")) return tlv(0x87, ipv6Bytes(host));
  return tlv(0x82, Buffer.from(host, "ascii"));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ""] = address.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array<string>(missing).fill("0"), ...groups(tail)];
  return Buffer.from(all.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

// ---- DER -----------------------------------------------------------------------------------

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function tagged(tagNumber: number, content: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, content);
}

function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0]));
}

function bitString(bytes: Buffer): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";
  return tlv(0x17, Buffer.from(text, "ascii"));
}

function objectId(oid: string): Buffer {
  const [first, second, ...rest] = oid.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
