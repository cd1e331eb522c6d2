// Every read of the OpenSearch source (event pages, records, membership, counts, field
// and shard lookups, points in time) and the sink's idempotent set-up requests (template,
// index, refresh) go through here: a call that got no answer, a cut answer, 429 or 5xx
// is tried again with the backoff of retry-policy.ts (the bulk writer's); once the
// retries are spent, the last failure is thrown as a one-line OpenSearchError (exit 69)
// that says how often it was tried. Calls pass the client `maxRetries: 0`
// (NO_CLIENT_RETRY), so that this policy alone decides.

import { OpenSearchError, toOpenSearchError, type OpenSearchTarget } from "./opensearch-errors.js";
import { backoffMs, isRetryableStatus, retryPolicy, sleep, type RetryPolicy } from "./retry-policy.js";

/** Request options: the client itself does not retry (it would at once, without backoff). */
export const NO_CLIENT_RETRY = { maxRetries: 0 } as const;

export function isRetryable(error: unknown): boolean {
  return error instanceof OpenSearchError && error.status !== undefined && isRetryableStatus(error.status);
}

/** Runs one request that may be sent twice; any failure becomes an OpenSearchError naming the server (and index). */
export async function retryOpenSearch<T>(
  target: OpenSearchTarget,
  call: () => Promise<T>,
  policy: RetryPolicy = retryPolicy(),
  retryable = isRetryable,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = toOpenSearchError(error, target);
      if (!retryable(failure)) throw failure;
      if (attempt >= policy.maxRetries) throw gaveUp(failure as OpenSearchError, attempt);
      await sleep(backoffMs(policy, attempt));
    }
  }
}

function gaveUp(error: OpenSearchError, retries: number): OpenSearchError {
  const message = `${error.message} (gave up after ${retries} retries)`;
  return new OpenSearchError(error.failure, message, error.index, error.errorType, error.status);
}
