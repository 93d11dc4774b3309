import { DEFAULT_LIMITS } from "../../provider/http/limits";
import { backoffDelayMs, isRetryable, type Resend } from "../../provider/http/retry-rules";

// Whether a failed request is sent again: by how far it got, and by whether sending it twice is safe.
test.each<[Resend, string | undefined, number | undefined, boolean]>([
  // Cannot have reached the server: any request.
  ["never", "ECONNREFUSED", undefined, true],
  ["never", "UND_ERR_CONNECT_TIMEOUT", undefined, true],
  ["safe", "EAI_AGAIN", undefined, true],
  // May have reached it: only what changes nothing.
  ["safe", "ECONNRESET", undefined, true],
  ["never", "ECONNRESET", undefined, false],
  ["safe", "UND_ERR_HEADERS_TIMEOUT", undefined, true],
  ["never", "UND_ERR_BODY_TIMEOUT", undefined, false],
  ["safe", undefined, 503, true],
  ["never", undefined, 503, false],
  // Not a passing trouble: never.
  ["safe", "ENOTFOUND", undefined, false],
  ["safe", "CERT_HAS_EXPIRED", undefined, false],
  ["safe", undefined, 500, false],
  ["safe", undefined, 401, false],
  ["safe", undefined, undefined, false],
])("resend %s, code %s, HTTP %s: retried %s", (resend, code, status, retried) => {
  expect(isRetryable(resend, code, status)).toBe(retried);
});

test.each([1, 2, 3, 4, 5, 10])("backoff after %i failed attempts stays within the doubled step and the cap", (failed) => {
  const ceiling = Math.min(DEFAULT_LIMITS.retryMaxDelayMs, DEFAULT_LIMITS.retryBaseDelayMs * 2 ** (failed - 1));
  for (let i = 0; i < 200; i++) {
    const delay = backoffDelayMs(DEFAULT_LIMITS, failed);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(ceiling);
  }
});
