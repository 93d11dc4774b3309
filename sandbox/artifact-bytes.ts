import { createHash } from "node:crypto";
import type { HashAlgorithm } from "./delivery-catalog";

const BLOCK_BYTES = 64 * 1024;

/**
 * The bytes of an artifact: a 64 KiB block drawn from its key, repeated to its size. Made on
 * demand, so the sandbox serves large artifacts without holding them.
 */
export function* artifactChunks(key: string, sizeBytes: number): Generator<Buffer> {
  const block = blockOf(key);
  for (let sent = 0; sent < sizeBytes; sent += BLOCK_BYTES) {
    yield sizeBytes - sent >= BLOCK_BYTES ? block : block.subarray(0, sizeBytes - sent);
  }
}

/** The artifact's digest written as the algorithm says: lowercase hex, or padded base64. */
export function artifactHash(key: string, sizeBytes: number, algorithm: HashAlgorithm): string {
  const hash = createHash("sha256");
  for (const chunk of artifactChunks(key, sizeBytes)) hash.update(chunk);
  return hash.digest(algorithm === "SHA256Hex" ? "hex" : "base64");
}

/** 64 KiB drawn from the key by an extendable-output hash: one call, so serving and hashing stay cheap. */
function blockOf(key: string): Buffer {
  return createHash("shake256", { outputLength: BLOCK_BYTES }).update(key).digest();
}
