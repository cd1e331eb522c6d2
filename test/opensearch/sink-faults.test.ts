// The OpenSearch sink under faults (the real CLI through the fault proxy): a `_bulk`
// answered 429, 503, 413, with a reset connection or a body cut half way is retried (or
// split) and the index ends up with the file sink's documents; a cluster that dies
// mid-write, or refuses the credentials, ends the run with one line and exit 69, and no
// bookmark moves past what was written.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { usageDeltaAlias, usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { BOOKMARK_INDEX_BASE } from "../../src/sinks/bookmarks-opensearch.js";
import { startFaultProxy, type Fault, type FaultProxy } from "../support/fault-proxy.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { lastLine, runThroughProxy, withoutTimestamps, type ProxiedRun } from "../support/proxied-run.js";

const BULK = /^POST \/_bulk/;
const STACK = /\n\s+at |internal error|Unhandled/;

describeWithOpenSearch("OpenSearch sink under faults (CLI through the fault proxy)", () => {
  const client = makeTestClient();
  const prefixes: string[] = [];
  let dir = "";
  let proxy: FaultProxy;
  let fileDocuments: string[] = [];

  const newPrefix = () => {
    const prefix = `${uniqueIndexName("ud-sinkf")}-`;
    prefixes.push(prefix);
    return prefix;
  };
  const write = (prefix: string) =>
    runThroughProxy([
      "aggregate",
      "--input",
      dir,
      "--backend",
      "memory",
      "--sink",
      "opensearch",
      "--os-url",
      proxy.url,
      "--index-prefix",
      prefix,
      "--log-level",
      "warn",
    ]);

  async function indexed(prefix: string): Promise<string[]> {
    const exists = await client.indices.exists({ index: usageDeltaAlias(prefix) });
    if (exists.body !== true) return [];
    await client.indices.refresh({ index: usageDeltaAlias(prefix) });
    const { body } = await client.search({ index: usageDeltaAlias(prefix), body: { size: 10_000, sort: [{ community_id: "asc" }, { period_start: "asc" }] } });
    return withoutTimestamps(body.hits.hits.map((hit) => JSON.stringify(hit._source)).join("\n"));
  }

  async function bookmarks(prefix: string): Promise<number> {
    const index = `${prefix}${BOOKMARK_INDEX_BASE}`;
    if ((await client.indices.exists({ index })).body !== true) return 0;
    await client.indices.refresh({ index });
    return (await client.count({ index })).body.count;
  }

  const expectWritten = async (prefix: string, result: ProxiedRun) => {
    expect(result.stderr).not.toMatch(STACK);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`written\\s+${fileDocuments.length.toLocaleString("en")} of ${fileDocuments.length.toLocaleString("en")}`));
    expect(await indexed(prefix)).toEqual(fileDocuments);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-sink-faults-"));
    // 2,100 documents of ~3.4 KB: two bulk requests of at most 5 MiB.
    await generateDataset({ outDir: dir, events: 1500, seed: 5, start: "2024-03-01", days: 300, communities: 6 });
    const out = join(dir, "file.ndjson");
    const file = await runThroughProxy(["aggregate", "--input", dir, "--backend", "memory", "--log-level", "warn"], out);
    expect(file.code).toBe(0);
    // The index is read back by community, then day: the file's order.
    fileDocuments = withoutTimestamps(await readFile(out, "utf8"));
    proxy = await startFaultProxy(opensearchUrl() ?? "");
  });

  afterAll(async () => {
    await proxy?.close();
    for (const prefix of prefixes) {
      await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
      await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] }).catch(() => {});
    }
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("writes in more than one bulk request (a clean run through the proxy)", async () => {
    const prefix = newPrefix();
    proxy.script();
    const before = proxy.count(BULK);
    await expectWritten(prefix, await write(prefix));
    expect(proxy.count(BULK) - before).toBeGreaterThanOrEqual(3); // two of documents, one of bookmarks
    expect(await bookmarks(prefix)).toBe(7);
  });

  const faults: [string, Fault, RegExp][] = [
    ["429", { status: 429, body: { error: { type: "rejected_execution_exception", reason: "rejected execution of bulk" }, status: 429 } }, /1 retries/],
    ["503", { status: 503 }, /1 retries/],
    ["a reset connection", { reset: true }, /1 retries/],
    ["a body cut half way", { cut: true }, /1 retries/],
    ["413", { status: 413, body: "" }, /1 splits/],
  ];
  for (const [what, fault, report] of faults) {
    it(`a bulk request answered with ${what}: every document written`, async () => {
      const prefix = newPrefix();
      proxy.script({ match: BULK, nth: 2, fault });
      const result = await write(prefix);
      await expectWritten(prefix, result);
      expect(result.stderr).toMatch(report);
      expect(await bookmarks(prefix)).toBe(7);
    });
  }

  // The set-up before the writes and the refresh after them retry as the bulk requests do.
  const setUp: [string, RegExp][] = [
    ["the template lookup", /^GET \/_index_template/],
    ["the index check", /^HEAD \/\S+usage-delta/],
    ["the refresh of the written indices", /^(GET|POST) \/\S+usage-delta\S*\/_refresh/],
    ["the bookmark index check", /^HEAD \/\S+bookmarks/],
  ];
  for (const [what, match] of setUp) {
    it(`${what} answered 429: every document written, the bookmarks moved`, async () => {
      const prefix = newPrefix();
      proxy.script({ match, fault: { status: 429, body: { error: { type: "rejected_execution_exception", reason: "busy" }, status: 429 } } });
      const before = proxy.requests.length;
      const result = await write(prefix);
      expect(proxy.requests.slice(before).filter((r) => r.fault !== undefined)).toHaveLength(1);
      await expectWritten(prefix, result);
      expect(await bookmarks(prefix)).toBe(7);
    });
  }

  it("a short outage mid-write (connections refused for 300 ms): every document written", async () => {
    const prefix = newPrefix();
    proxy.script({ match: BULK, nth: 2, fault: { downMs: 300 } });
    const result = await runThroughProxy(
      ["aggregate", "--input", dir, "--backend", "memory", "--sink", "opensearch", "--os-url", proxy.url, "--index-prefix", prefix, "--log-level", "warn"],
      undefined,
      { USAGE_DELTA_TEST_BACKOFF_MS: "100" },
    );
    expect(proxy.requests.some((r) => r.fault === "downMs")).toBe(true);
    await expectWritten(prefix, result);
    expect(await bookmarks(prefix)).toBe(7);
  });

  it("a cluster that dies mid-write: one line, exit 69, the first request's documents stay, no bookmark moves", async () => {
    const prefix = newPrefix();
    proxy.script({ match: BULK, nth: 2, fault: { downMs: 60_000 } });
    const result = await write(prefix);
    await proxy.up();
    expect(result.stderr).not.toMatch(STACK);
    expect(result.code).toBe(69);
    expect(lastLine(result.stderr)).toMatch(
      /^usage-delta: cannot reach OpenSearch at http:\/\/127\.0\.0\.1:\d+: connection refused \(gave up after 6 retries\)$/,
    );
    const written = await indexed(prefix);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(fileDocuments.length);
    expect(await bookmarks(prefix)).toBe(0);
  });

  it("a cluster that answers every bulk request 503: the report lists what was not written, exit 69, no bookmark moves", async () => {
    const prefix = newPrefix();
    proxy.script({ match: /^POST \/_bulk/, nth: 2, times: Infinity, fault: { status: 503 } });
    const result = await write(prefix);
    expect(result.stderr).not.toMatch(STACK);
    expect(result.stderr).toMatch(/HTTP 503 bulk request failed after 6 retries/);
    expect(result.code).toBe(69);
    expect(lastLine(result.stderr)).toMatch(
      /^usage-delta: [\d,]+ of [\d,]+ documents were not written to OpenSearch \(listed above\): OpenSearch was unavailable \(HTTP 503\) through every retry$/,
    );
    const written = await indexed(prefix);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(fileDocuments.length);
    // More failed than the report names: no bookmark can tell how far each community got.
    expect(result.stderr).not.toMatch(/bookmarks\s+\d+ moved/);
    expect(await bookmarks(prefix)).toBe(0);
  });

  it("a 401 on the bulk request: one line naming the problem, exit 69, no bookmark", async () => {
    const prefix = newPrefix();
    proxy.script({ match: BULK, fault: { status: 401, body: { error: { type: "security_exception", reason: "authentication expired" }, status: 401 } } });
    const result = await write(prefix);
    expect(result.code).toBe(69);
    expect(lastLine(result.stderr)).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ refused the credentials$/);
    expect(await bookmarks(prefix)).toBe(0);
  });

  it("a cluster that refuses the credentials from the start (401): one line, exit 69, before any work", async () => {
    const prefix = newPrefix();
    proxy.script({
      match: /./,
      times: Infinity,
      fault: { status: 401, body: { error: { type: "security_exception", reason: "missing authentication credentials" }, status: 401 } },
    });
    const result = await write(prefix);
    expect(result.code).toBe(69);
    expect(result.stderr).toMatch(/^usage-delta: OpenSearch at http:\/\/127\.0\.0\.1:\d+ refused the credentials\n$/);
  });
});
