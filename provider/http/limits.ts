/** Deadlines, size cap and retry pacing of one HTTP API endpoint. */
export interface HttpLimits {
  readonly connectTimeoutMs: number;
  /** From sending the request to the last byte of the answer. */
  readonly responseTimeoutMs: number;
  readonly maxAnswerBytes: number;
  /** Tries of a request that is safe to send again, the first one included. */
  readonly maxAttempts: number;
  /** First backoff step; each further step doubles, with full jitter. */
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 120_000,
  maxAnswerBytes: 32 * 1024 * 1024,
  maxAttempts: 4,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 4_000,
};

export interface TlsSettings {
  /** PEM of a CA, or of the server's self-signed certificate, trusted besides the system's. */
  readonly caCert?: string;
  /** Accept any certificate. For test servers only. */
  readonly insecureSkipVerify?: boolean;
}
