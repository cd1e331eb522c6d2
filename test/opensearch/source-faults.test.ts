// The OpenSearch source under faults (the real CLI through the fault proxy): a 429, a
// 5xx, a reset or a cut answer on any read is retried and the documents are those of a
// clean run; an expired point in time mid-scan is reopened and the read resumes without
// losing or counting twice a hit; a cluster that keeps failing ends the run with one
// line and exit 69, never a stack trace.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { indexDatasetToOpenSearch } from "../../src/generate/to-opensearch.js";
import { startFaultProxy, type Fault, type FaultProxy } from "../support/fault-proxy.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { lastLine, runThroughProxy, type ProxiedRun } from "../support/proxied-run.js";

/** Searches through a point in time: the membership and event pages, the counts in the point in time. */
const PIT_SEARCH = /^POST \/_search$/;
/** Every search (those and the records by id), not the opening of a point in time. */
const ANY_SEARCH = /^POST \/([^/?]+\/)?_search(\?|$)/;
const SWEEP_PAGE = 500;
const STACK = /\n\s+at |internal error|Unhandled/;

describeWithOpenSearch("OpenSearch source under faults (CLI through the fault proxy)", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("ud-faults")}-`;
  let dir = "";
  let proxy: FaultProxy;
  let clean: ProxiedRun;
  /** The nth search through a point in time that is an event page, mid-scan (the event pages come last). */
  let eventPage = 0;

  // Pages of 150 hits: several per shard. (The sweep takes larger ones: fewer searches to go through.)
  const run = (name: string, pageSize = 150, extra: string[] = []) =>
    runThroughProxy(["aggregate", "--source", "opensearch", "--os-url", proxy.url, "--index-prefix", prefix, "--backend", "memory", "--chunk-size", String(pageSize), "--log-level", "warn", ...extra], join(dir, `${name}.ndjson`));

  const expectClean = (result: ProxiedRun) => {
    expect(result.stderr).not.toMatch(STACK);
    expect(result.code).toBe(0);
    expect(result.documents).toEqual(clean.documents);
  };

  /** The fault was applied, and a point in time was opened after it. */
  const expectReopenedAfterFault = (before: number) => {
    const seen = proxy.requests.slice(before);
    const faultAt = seen.findIndex((r) => r.fault !== undefined);
    expect(faultAt).toBeGreaterThan(0);
    expect(seen.slice(faultAt).some((r) => /^POST \S+\/_search\/point_in_time/.test(r.line))).toBe(true);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-source-faults-"));
    await generateDataset({ outDir: dir, events: 1200, seed: 3, start: "2025-01-25", days: 12, communities: 3 });
    await indexDatasetToOpenSearch({ client, url: opensearchUrl() ?? "", dir, indexPrefix: prefix });
    proxy = await startFaultProxy(opensearchUrl() ?? "");
    clean = await run("clean");
    eventPage = proxy.count(PIT_SEARCH) - 4;
  });

  afterAll(async () => {
    await proxy?.close();
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => {});
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("reads the events in several pages per shard (a clean run through the proxy)", () => {
    expect(clean.code).toBe(0);
    expect(clean.documents.length).toBeGreaterThan(10);
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
      proxy.script({ match: PIT_SEARCH, nth: eventPage, fault });
      const result = await run(`page-${what}`);
      expect(proxy.requests.some((r) => r.fault !== undefined)).toBe(true);
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
      proxy.script({ match, fault: { status: 503 } });
      const before = proxy.requests.length;
      const result = await run(`read-${what}`);
      expect(proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
      expectClean(result);
    });
  }

  it("retries a document count (the metadata cache's) answered 503: the clean run's documents", async () => {
    const cache = join(dir, "metadata-cache");
    proxy.script();
    expectClean(await run("cache-first", 150, ["--metadata-cache", cache]));
    proxy.script({ match: /^(GET|POST) \/\S+\/_count/, fault: { status: 503 } });
    const before = proxy.requests.length;
    const result = await run("cache-count", 150, ["--metadata-cache", cache]);
    expect(proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
    expectClean(result);
  });

  it("resumes after a point in time expired mid-scan: no hit lost or counted twice", async () => {
    proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { pitExpired: true } });
    const before = proxy.requests.length;
    const result = await run("pit-expired");
    expectClean(result);
    expectReopenedAfterFault(before);
  });

  it("resumes after a point in time expired on some shards only (a partial answer)", async () => {
    const partial = {
      took: 1,
      timed_out: false,
      _shards: { total: 2, successful: 1, skipped: 0, failed: 1, failures: [{ shard: 1, index: "x", reason: { type: "search_context_missing_exception", reason: "No search context found for id [7]" } }] },
      hits: { total: { value: 0, relation: "eq" }, max_score: null, hits: [] },
    };
    proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { status: 200, body: partial } });
    const before = proxy.requests.length;
    expectClean(await run("pit-expired-partial"));
    expectReopenedAfterFault(before);
  });

  it("gives up with one line and exit 69 when every search page fails", async () => {
    proxy.script({ match: PIT_SEARCH, nth: eventPage, times: Infinity, fault: { status: 503 } });
    const result = await run("always-503");
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ answered HTTP 503 .*\(gave up after 6 retries\)$/);
  });

  it("gives up with one line and exit 69 with the parallel backend too (workers stopped, no hang)", async () => {
    proxy.script({ match: PIT_SEARCH, nth: eventPage, times: Infinity, fault: { status: 502 } });
    const result = await run("always-502-parallel", 150, ["--backend", "parallel", "--threads", "2"]);
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ answered HTTP 502 .*\(gave up after 6 retries\)$/);
  });

  it("gives up with one line and exit 69 when the cluster goes away mid-read", async () => {
    proxy.script({ match: PIT_SEARCH, nth: eventPage, fault: { downMs: 20_000 } });
    const result = await run("down");
    await proxy.up();
    expect(result.code).toBe(69);
    expect(result.stderr).not.toMatch(STACK);
    expect(lastLine(result.stderr)).toMatch(/^usage-delta: cannot reach OpenSearch at http:\/\/127\.0\.0\.1:\d+: connection (refused|reset) \(gave up after 6 retries\)$/);
  });

  it("says the cluster refused the credentials (401), exit 69", async () => {
    proxy.script({ match: /./, times: Infinity, fault: { status: 401, body: { error: { type: "security_exception", reason: "missing authentication credentials" }, status: 401 } } });
    const result = await run("401");
    expect(result.code).toBe(69);
    expect(result.stderr).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ refused the credentials\n$/);
  });

  // Each search of a run in turn answered 503 (once: retried; from then on: given up).
  it("sweep: a 503 on the nth search, for every n, gives the clean documents; 503s from the nth on give a clean exit 69", async () => {
    proxy.script();
    const before = proxy.requests.length;
    await run("count", SWEEP_PAGE);
    const searches = proxy.requests.slice(before).filter((r) => ANY_SEARCH.test(r.line)).length;
    expect(searches).toBeGreaterThan(10);
    for (let n = 1; n <= searches; n++) {
      proxy.script({ match: ANY_SEARCH, nth: n, fault: { status: 503 } });
      const once = await run(`sweep-once-${n}`, SWEEP_PAGE);
      expect({ n, code: once.code, stack: STACK.test(once.stderr) }).toEqual({ n, code: 0, stack: false });
      expect(once.documents).toEqual(clean.documents);
      proxy.script({ match: ANY_SEARCH, nth: n, times: Infinity, fault: { status: 503 } });
      const always = await run(`sweep-always-${n}`, SWEEP_PAGE);
      expect({ n, code: always.code, line: lastLine(always.stderr) }).toMatchObject({ n, code: 69, line: expect.stringMatching(/^usage-delta: OpenSearch at \S+ answered HTTP 503 .*\(gave up after 6 retries\)$/) });
    }
  }, 600_000);
});
