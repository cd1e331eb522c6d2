// The one retry policy: what is retried, how long it waits, and what is thrown once the
// retries are spent (no server needed: the calls are plain functions that fail as the
// client's requests do).

import { errors } from "@opensearch-project/opensearch";
import { describe, expect, it } from "vitest";
import { OpenSearchError, responseError } from "../../src/opensearch/opensearch-errors.js";
import { retryOpenSearch } from "../../src/opensearch/retry-request.js";
import { backoffMs, isRetryableStatus, RETRY_DEFAULTS, retryPolicy } from "../../src/opensearch/retry-policy.js";

const target = { url: "http://search.example:9200", index: "events" };
const fast = { ...RETRY_DEFAULTS, initialBackoffMs: 1, maxBackoffMs: 2 };

/** A call that fails with `failure` the first `times` times, then answers "ok". */
function failing(times: number, failure: () => unknown): { call: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    call: async () => {
      calls++;
      if (calls <= times) throw failure();
      return "ok";
    },
    calls: () => calls,
  };
}

describe("retry policy", () => {
  it("retries 429, 5xx and no answer; nothing else", () => {
    expect([0, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 409, 413].some(isRetryableStatus)).toBe(false);
  });

  it("backs off exponentially from 200 ms, with jitter, at most 15 s", () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const full = Math.min(15_000, 200 * 2 ** attempt);
      const ms = backoffMs(RETRY_DEFAULTS, attempt);
      expect(ms).toBeGreaterThanOrEqual(full / 2);
      expect(ms).toBeLessThanOrEqual(full);
    }
    expect(RETRY_DEFAULTS.maxRetries).toBe(6);
  });

  it("takes a shorter first backoff from the test hook only", () => {
    expect(retryPolicy({})).toEqual(RETRY_DEFAULTS);
    expect(retryPolicy({ USAGE_DELTA_TEST_BACKOFF_MS: "5" })).toEqual({ maxRetries: 6, initialBackoffMs: 5, maxBackoffMs: 20 });
    expect(retryPolicy({ USAGE_DELTA_TEST_BACKOFF_MS: "soon" })).toEqual(RETRY_DEFAULTS);
  });
});

describe("retryOpenSearch", () => {
  it("rides out a 503, a 429 and a reset connection", async () => {
    for (const failure of [
      () => responseError(503, { error: "busy" }, target),
      () => responseError(429, { error: { type: "rejected_execution_exception", reason: "slow down" } }, target),
      () => new errors.ConnectionError("read ECONNRESET"),
    ]) {
      const flaky = failing(3, failure);
      await expect(retryOpenSearch(target, flaky.call, fast)).resolves.toBe("ok");
      expect(flaky.calls()).toBe(4);
    }
  });

  it("throws the last failure, saying how often it was tried, once the retries are spent", async () => {
    const down = failing(Infinity, () => new errors.ConnectionError("connect ECONNREFUSED 127.0.0.1:9200"));
    await expect(retryOpenSearch(target, down.call, fast)).rejects.toMatchObject({
      exitCode: 69,
      message: "cannot reach OpenSearch at http://search.example:9200: connection refused (gave up after 6 retries)",
    });
    expect(down.calls()).toBe(7);
  });

  it("does not retry what another try cannot mend (401, 404, a bad query)", async () => {
    for (const status of [400, 401, 404]) {
      const refused = failing(Infinity, () => responseError(status, { error: { type: "x", reason: "no" } }, target));
      await expect(retryOpenSearch(target, refused.call, fast)).rejects.toBeInstanceOf(OpenSearchError);
      expect(refused.calls()).toBe(1);
    }
  });
});
