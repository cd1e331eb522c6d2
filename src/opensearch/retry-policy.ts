// The one retry policy of OpenSearch requests, for bulk writes (bulk-writer.ts) and for
// reads and the sink's set-up (retry-request.ts): an answer of 429 or 5xx, or no
// answer at all (refused, reset, cut short, timed out), is tried again after an
// exponential backoff with jitter: 200 ms, 400 ms, ... capped at 15 s, six retries, so a
// request gives up after about 6 to 13 s of backoff. Anything else (4xx) is final.
//
// USAGE_DELTA_TEST_BACKOFF_MS (tests only) sets the first backoff, so that fault tests
// spend milliseconds, not seconds, on the same number of retries.

export interface RetryPolicy {
  /** Retries of a request before giving up on it. */
  maxRetries: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const RETRY_DEFAULTS: RetryPolicy = { maxRetries: 6, initialBackoffMs: 200, maxBackoffMs: 15_000 };

/** The defaults, or the test hook's shorter backoff. */
export function retryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const testMs = Number(env.USAGE_DELTA_TEST_BACKOFF_MS);
  if (!(Number.isFinite(testMs) && testMs > 0)) return RETRY_DEFAULTS;
  return { ...RETRY_DEFAULTS, initialBackoffMs: testMs, maxBackoffMs: testMs * 4 };
}

/** 0 stands for "no answer came back". */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** The wait before retry number `attempt` (0-based). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ms = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** attempt);
  return ms * (0.5 + Math.random() / 2); // jitter: concurrent clients do not retry in step
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
