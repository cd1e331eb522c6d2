// The OpenSearch source under faults (the real CLI through the fault proxy): a 429, a
// 5xx, a reset or a cut answer on any read is retried and the documents are those of a
// clean run; an expired point in time mid-scan is reopened and the read resumes without
// losing or counting twice a hit; a cluster that keeps failing ends the run with one
// line and exit 69, never a stack trace.

import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { usageDeltaAlias } from "../../src/opensearch/usage-delta-names.js";
import type { Fault } from "../support/fault-proxy.js";
import { describeWithOpenSearch, makeTestClient } from "../support/opensearch.js";
import { lastLine, runThroughProxy, withoutTimestamps, type ProxiedRun } from "../support/proxied-run.js";
import { openSourceFaultFixture, PIT_SEARCH, STACK, type SourceFaultFixture } from "../support/source-fault-fixture.js";

/** A search answer in which one of two shards failed with this error type. */
function partialAnswer(type: string): object {
  return {
    took: 1,
    timed_out: false,
    _shards: {
      total: 2,
      successful: 1,
      skipped: 0,
      failed: 1,
      failures: [{ shard: 1, index: "x", reason: { type, reason: type === "query_shard_exception" ? "injected" : "No search context found for id [7]" } }],
    },
    hits: { total: { value: 0, relation: "eq" }, max_score: null, hits: [] },
  };
}

describeWithOpenSearch("OpenSearch source under faults (CLI through the fault proxy)", () => {
  const client = makeTestClient();
  let fixture: SourceFaultFixture;
  /** The nth search through a point in time that is an event page, mid-scan (the event pages come last). */
  let eventPage = 0;
  const run: SourceFaultFixture["run"] = (...args) => fixture.run(...args);

  const expectClean = (result: ProxiedRun) => {
    expect(result.stderr).not.toMatch(STACK);
    expect(result.code).toBe(0);
    expect(result.documents).toEqual(fixture.clean.documents);
  };

  /** The fault was applied, and a point in time was opened after it. */
  const expectReopenedAfterFault = (before: number) => {
    const seen = fixture.proxy.requests.slice(before);
    const faultAt = seen.findIndex((r) => r.fault !== undefined);
    expect(faultAt).toBeGreaterThan(0);
    expect(seen.slice(faultAt).some((r) => /^POST \S+\/_search\/point_in_time/.test(r.line))).toBe(true);
  };

  beforeAll(async () => {
    fixture = await openSourceFaultFixture(client, "ud-faults");
    eventPage = fixture.proxy.count(PIT_SEARCH) - 4;
  });

  afterAll(async () => {
    await fixture?.close();
    await client.close();
  });

  it("reads the events in several pages per shard (a clean run through the proxy)", () => {
    expect(fixture.clean.code).toBe(0);
    expect(fixture.clean.documents.length).toBeGreaterThan(10);
    expect(eventPage).toBeGreaterThan(8);
  });

  const faults: [string, Fault][] = [
    ["503", { status: 503 }],
    ["429", { status: 429, body: { error: { type: "rejected_execution_exception", reason: "rejected execution" }, status: 429 } }],
    ["500", { status: 500 }],
    ["a reset connection", { reset: true }],
    ["a body cut half way", { cut: true }],
    ["a delay", { delayMs: 500 }],
  ];
  for (const [what, fault] of faults) {
    it(`rides out a search page answered with ${what}: the clean run's documents`, async () => {
      fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault });
      const result = await run(`page-${what}`);
      expect(fixture.proxy.requests.some((r) => r.fault !== undefined)).toBe(true);
      expectClean(result);
    });
  }

  const otherReads: [string, RegExp][] = [
    ["the opening of a point in time", /^POST \/\S+\/_search\/point_in_time/],
    ["a field lookup", /^GET \/\S+\/_field_caps/],
    ["a shard count", /^GET \/\S+\/_settings/],
    ["a records search", /^POST \/\S+rdmrecords-records\/_search$/],
  ];
  for (const [what, match] of otherReads) {
    it(`retries ${what} answered 503: the clean run's documents`, async () => {
      fixture.proxy.script({ match, fault: { status: 503 } });
      const before = fixture.proxy.requests.length;
      const result = await run(`read-${what}`);
      expect(fixture.proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
      expectClean(result);
    });
  }

  it("retries a parsed search (the shard count of a scan) whose answer was cut half way: the clean run's documents", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: 1, fault: { cut: true } });
    const before = fixture.proxy.requests.length;
    const result = await run("cut-aggregation");
    expect(fixture.proxy.requests.slice(before).filter((r) => r.fault === "cut")).toHaveLength(1);
    expectClean(result);
  });

  it("retries a document count (the metadata cache's) answered 503: the clean run's documents", async () => {
    const cache = join(fixture.dir, "metadata-cache");
    fixture.proxy.script();
    expectClean(await run("cache-first", 150, ["--metadata-cache", cache]));
    fixture.proxy.script({ match: /^(GET|POST) \/\S+\/_count/, fault: { status: 503 } });
    const before = fixture.proxy.requests.length;
    const result = await run("cache-count", 150, ["--metadata-cache", cache]);
    expect(fixture.proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
    expectClean(result);
  });

  it("resumes after a point in time expired mid-scan: no hit lost or counted twice", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { pitExpired: true } });
    const before = fixture.proxy.requests.length;
    const result = await run("pit-expired");
    expectClean(result);
    expectReopenedAfterFault(before);
  });

  it("stops with one line and exit 69 when a point in time expired and the shard's segments cannot be asked (403)", async () => {
    fixture.proxy.script(
      {
        match: /^GET \/_cat\/pit_segments/,
        times: Infinity,
        fault: {
          status: 403,
          body: { error: { type: "security_exception", reason: "no permissions for [indices:monitor/point_in_time/segments]" }, status: 403 },
        },
      },
      { match: PIT_SEARCH, nth: eventPage, fault: { pitExpired: true } },
    );
    const result = await run("pit-expired-unchecked");
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(
      /^usage-delta: the point in time on \S+events-stats-\S+ expired during the read \(at http:\/\/127\.0\.0\.1:\d+\) and whether \S+ changed since cannot be checked: run again$/,
    );
  });

  it("resumes after a point in time expired on some shards only (a partial answer)", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { status: 200, body: partialAnswer("search_context_missing_exception") } });
    const before = fixture.proxy.requests.length;
    expectClean(await run("pit-expired-partial"));
    expectReopenedAfterFault(before);
  });

  for (const [what, nth] of [
    ["an event page", () => eventPage],
    ["the shard count of a scan (an aggregation)", () => 1],
  ] as const) {
    it(`retries ${what} answered in part by a busy shard: the clean run's documents`, async () => {
      fixture.proxy.script({ match: PIT_SEARCH, nth: nth(), fault: { status: 200, body: partialAnswer("rejected_execution_exception") } });
      const before = fixture.proxy.requests.length;
      const result = await run(`partial-busy-${nth()}`);
      expect(fixture.proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
      expectClean(result);
    });
  }

  it("stops at once with one line and exit 69 on a page a shard failed for good", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { status: 200, body: partialAnswer("query_shard_exception") } });
    const before = fixture.proxy.requests.length;
    const result = await run("partial-final");
    expect(result.code).toBe(69);
    expect(lastLine(result.stderr)).toMatch(
      /^usage-delta: OpenSearch at \S+ answered a search on \S+ only in part: 1 of 2 shards failed: query_shard_exception: injected$/,
    );
    expect(fixture.proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
  });

  it("gives up with one line and exit 69 when every search page fails", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, times: Infinity, fault: { status: 503 } });
    const result = await run("always-503");
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ answered HTTP 503 .*\(gave up after 6 retries\)$/);
  });

  it("gives up with one line and exit 69 with the parallel backend too (workers stopped, no hang)", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, times: Infinity, fault: { status: 502 } });
    const result = await run("always-502-parallel", 150, ["--backend", "parallel", "--threads", "2"]);
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ answered HTTP 502 .*\(gave up after 6 retries\)$/);
  });

  it("rides out a short outage mid-read (connections refused for 300 ms)", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { downMs: 300 } });
    // Backoff from 100 ms: at least 0.95 s of retries in all (with jitter), longer than the outage.
    const result = await run("outage", 150, [], { USAGE_DELTA_TEST_BACKOFF_MS: "100" });
    expect(fixture.proxy.requests.some((r) => r.fault === "downMs")).toBe(true);
    expectClean(result);
  });

  it("gives up with one line and exit 69 when the cluster goes away mid-read", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { downMs: 20_000 } });
    const result = await run("down");
    await fixture.proxy.up();
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(
      /^usage-delta: cannot reach OpenSearch at http:\/\/127\.0\.0\.1:\d+: connection (refused|reset) \(gave up after 6 retries\)$/,
    );
  });

  it("asks a busy cluster again at the first request (429 on the version check): the clean run's documents", async () => {
    fixture.proxy.script({ match: /^GET \/$/, fault: { status: 429, body: { error: { type: "rejected_execution_exception", reason: "busy" }, status: 429 } } });
    const before = fixture.proxy.requests.length;
    const result = await run("first-request-429");
    expect(fixture.proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
    expectClean(result);
  });

  it("says the cluster refused the credentials (401), exit 69", async () => {
    fixture.proxy.script({
      match: /./,
      times: Infinity,
      fault: { status: 401, body: { error: { type: "security_exception", reason: "missing authentication credentials" }, status: 401 } },
    });
    const result = await run("401");
    expect(result.code).toBe(69);
    expect(result.stderr).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ refused the credentials\n$/);
  });

  it("--source opensearch --sink opensearch: a 503 on a page and a 429 on the bulk request, the clean documents in the index", async () => {
    fixture.proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { status: 503 } }, { match: /^POST \/_bulk/, fault: { status: 429 } });
    const result = await runThroughProxy([
      "aggregate",
      "--source",
      "opensearch",
      "--sink",
      "opensearch",
      "--os-url",
      fixture.proxy.url,
      "--index-prefix",
      fixture.prefix,
      "--backend",
      "memory",
      "--chunk-size",
      "150",
      "--log-level",
      "warn",
    ]);
    expect(fixture.proxy.requests.filter((r) => r.fault !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(result.stderr).not.toMatch(STACK);
    expect(result.code).toBe(0);
    const alias = usageDeltaAlias(fixture.prefix);
    await client.indices.refresh({ index: alias });
    const { body } = await client.search({ index: alias, body: { size: 10_000, sort: [{ community_id: "asc" }, { period_start: "asc" }] } });
    expect(withoutTimestamps(body.hits.hits.map((hit) => JSON.stringify(hit._source)).join("\n"))).toEqual(fixture.clean.documents);
  });
});
