import type { AnswerBounds } from "./answer-bounds";

/** Deadlines, size caps and retry pacing of one HTTP API endpoint. */
export interface HttpLimits extends AnswerBounds {
  readonly connectTimeoutMs: number;
  /** From sending the request to the last byte of the answer. */
  readonly responseTimeoutMs: number;
  readonly maxAnswerBytes: number;
  /** Tries of a request that is safe to send again, the first one included. */
  readonly maxAttempts: number;
  /** First backoff step; each further step doubles, with full jitter. */
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Requests in flight to the origin at once; the rest wait in its pool. */
  readonly connections: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 120_000,
  // A 20,000-package list is about 8 MB and 220,000 elements; parsing costs memory in proportion
  // to both, so these caps keep the host's peak under 300 MB (measured by `npm run bench`).
  // No name, version or message comes near 16 K characters.
  maxAnswerBytes: 10 * 1024 * 1024,
  maxAnswerNodes: 300_000,
  maxValueChars: 16 * 1024,
  maxAttempts: 4,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 4_000,
  // A Plesk panel answers a few packets at a time; more connections only queue there.
  connections: 16,
};

export interface TlsSettings {
  /** PEM of a CA, or of the server's self-signed certificate, trusted besides the system's. */
  readonly caCert?: string;
  /** Accept any certificate. For test servers only. */
  readonly insecureSkipVerify?: boolean;
}
