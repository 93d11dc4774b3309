import { createHash } from "node:crypto";
import { request } from "undici";
import { describeExchangeFailure } from "../http/exchange-failure";
import { agentFor } from "../http/pools";
import type { HttpEndpoint } from "../http/exchange";
import type { DeliveredArtifact, HashAlgorithm } from "./delivery-api";
import { GetAppTransportError } from "./errors";
import { TRUST_HINT } from "./transport";

export interface ArtifactCheck {
  readonly itemKey: string;
  readonly algorithm: HashAlgorithm;
  /** What GetApp announced. */
  readonly expected: string;
  /** What the bytes served hash to, written the same way. */
  readonly actual: string;
  readonly bytes: number;
  readonly matches: boolean;
}

/** The GetApp connection's trust, limits and identity: artifacts are fetched with the API's trust. */
export interface VerificationSettings extends Pick<HttpEndpoint, "identity" | "tls" | "limits"> {
  readonly signal?: AbortSignal;
}

/** Why an artifact cannot be checked: in a sentence (its `verification` output) and in short (a summary line). */
export const UNVERIFIABLE = {
  "no-hash": { sentence: "not verified: GetApp announced no hash for it", short: "no hash announced" },
  "not-http": {
    sentence: "not verified: its location is not an HTTP(S) URL (a registry path or a package name)",
    short: "not at an HTTP(S) URL",
  },
} as const;
export type Unverifiable = keyof typeof UNVERIFIABLE;

/**
 * Why an artifact cannot be checked, or undefined when it can: GetApp announces no hash for a
 * software release's files (only a map's gpkg carries one), and gives a Docker image as a
 * registry path and an rpm or deb as `rpm://name` / `deb://name`, which only a device resolves.
 */
export function unverifiableReason(artifact: { readonly url: string; readonly hash?: unknown }): Unverifiable | undefined {
  if (!/^https?:\/\//i.test(artifact.url)) return "not-http";
  if (!artifact.hash) return "no-hash";
  return undefined;
}

/**
 * Streams the artifact and hashes it as it arrives, so a file of any size costs a few chunks of
 * memory. Hex digests compare case-insensitively, base64 exactly (docs/protocol.md, GetApp delivery API).
 */
export async function checkArtifact(artifact: DeliveredArtifact, settings: VerificationSettings): Promise<ArtifactCheck> {
  const { itemKey, hash: announced } = artifact;
  const operation = `artifact ${itemKey}`;
  if (!announced) throw new GetAppTransportError(operation, "invalid-answer", "GetApp announced no hash for it, so it cannot be verified");
  const where = safeLocation(artifact.url);

  const deadline = settings.signal ?? new AbortController().signal;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(artifact.url, { dispatcher: agentFor(settings), signal: deadline });
  } catch (cause) {
    const { failure, message, networkCode } = describeExchangeFailure(
      { origin: originOf(artifact.url), responseTimeoutMs: settings.limits.responseTimeoutMs, deadline, trustHint: TRUST_HINT },
      cause,
    );
    throw new GetAppTransportError(operation, failure, message, { cause, ...(networkCode === undefined ? {} : { networkCode }) });
  }
  const { statusCode, headers, body } = response;
  if (statusCode !== 200) {
    await body.dump();
    throw new GetAppTransportError(operation, "http-status", `${where} answered HTTP ${statusCode} for the artifact`, {
      httpStatus: statusCode,
    });
  }
  const announcedLength = headers["content-length"] === undefined ? undefined : Number(headers["content-length"]);
  if (artifact.size !== undefined && announcedLength !== undefined && announcedLength !== artifact.size) {
    await body.dump(); // reads a little, then drops the connection quietly
    throw new GetAppTransportError(
      operation,
      "invalid-answer",
      `${where} serves ${announcedLength} bytes, but GetApp announced ${artifact.size}`,
    );
  }

  const digest = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of body) {
      digest.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (cause) {
    throw new GetAppTransportError(
      operation,
      "network",
      `the download from ${where} broke off after ${bytes} bytes: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (artifact.size !== undefined && bytes !== artifact.size) {
    throw new GetAppTransportError(operation, "invalid-answer", `${where} sent ${bytes} bytes, but GetApp announced ${artifact.size}`);
  }
  const { algorithm, hash: expected } = announced;
  const actual = digest.digest(algorithm === "SHA256Hex" ? "hex" : "base64");
  const matches = algorithm === "SHA256Hex" ? actual === expected.toLowerCase() : actual === expected;
  return { itemKey, algorithm, expected, actual, bytes, matches };
}

/** Scheme, host and path only: a pre-signed URL's query holds a credential. */
function safeLocation(url: string): string {
  return URL.canParse(url) ? `${new URL(url).origin}${new URL(url).pathname}` : "an unreadable URL";
}

function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : "an unreadable URL";
}
