// What the user sees when OpenSearch is not there, refuses, or lacks an index: one line
// that names the server (and the index), exit code 69, no stack trace.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { errors } from "@opensearch-project/opensearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { EXIT, describeError } from "../../src/model/errors.js";
import { createOpenSearchClient } from "../../src/opensearch/client.js";
import { responseError, toOpenSearchError } from "../../src/opensearch/opensearch-errors.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { testEngineOptions } from "../support/engine-options.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MAIN = join(ROOT, "dist", "src", "cli", "main.js");

const OPTIONS = testEngineOptions();

function run(command: string, args: string[], timeoutMs = 240_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, OPENSEARCH_URL: "" } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

describe("OpenSearch errors", () => {
  const target = { url: "http://user:secret@search.example:9200", index: "events-stats-record-view" };

  it("says the server refused the credentials (401), without the password", () => {
    const error = responseError(401, { error: { type: "security_exception", reason: "missing authentication credentials" } }, target);
    expect(describeError(error)).toMatchObject({ exitCode: EXIT.unavailable });
    expect(error.message).toBe("OpenSearch at http://search.example:9200 refused the credentials");
  });

  it("names the index and the missing privilege of a 403, without the password", () => {
    const reason = "no permissions for [indices:data/read/search] and User [name=reader, backend_roles=[], requestedTenant=null]";
    const error = responseError(
      403,
      { error: { root_cause: [{ type: "security_exception", reason }], type: "security_exception", reason }, status: 403 },
      target,
    );
    expect(describeError(error)).toMatchObject({ exitCode: EXIT.unavailable });
    expect(error.message).toBe(
      "OpenSearch at http://search.example:9200: user reader lacks the privilege indices:data/read/search on events-stats-record-view (403)",
    );
    // An answer without a body (HEAD) or with another reason still names the index.
    expect(responseError(403, undefined, target).message).toBe("OpenSearch at http://search.example:9200 denied access on events-stats-record-view (403)");
    expect(responseError(403, { error: "blocked" }, target).message).toBe(
      "OpenSearch at http://search.example:9200 denied access on events-stats-record-view (403: blocked)",
    );
    for (const status of [401, 403]) expect(responseError(status, undefined, target).message).not.toContain("secret");
  });

  it("names the missing index", () => {
    const body = { error: { type: "index_not_found_exception", reason: "no such index [x-events]", index: "x-events" }, status: 404 };
    expect(responseError(404, body, target).message).toBe("index not found: x-events (at http://search.example:9200)");
  });

  it("keeps OpenSearch's error type (the distinct-value count falls back on too_many_buckets_exception)", () => {
    const body = {
      error: { root_cause: [{ type: "too_many_buckets_exception", reason: "Trying to create too many buckets" }], type: "search_phase_execution_exception" },
    };
    expect(responseError(400, body, target)).toMatchObject({ errorType: "too_many_buckets_exception", exitCode: EXIT.unavailable });
  });

  it("says why the server cannot be reached", () => {
    const error = toOpenSearchError(new errors.ConnectionError("connect ECONNREFUSED 127.0.0.1:1"), target);
    expect(error.message).toBe("cannot reach OpenSearch at http://search.example:9200: connection refused");
    expect(error.exitCode).toBe(EXIT.unavailable);
  });

  it("turns a connection refused into a one-line message and exit 69 on the command line", async () => {
    // The CLI runs from dist/, which the test setup keeps in step with the sources.
    expect(existsSync(MAIN)).toBe(true);
    const { code, stdout, stderr } = await run("node", [MAIN, "aggregate", "--source", "opensearch", "--os-url", "http://127.0.0.1:1"], 60_000);
    expect(code).toBe(69);
    expect(stdout).toBe("");
    expect(stderr).toBe("usage-delta: cannot reach OpenSearch at http://127.0.0.1:1: connection refused\n");
  }, 300_000);

  it("asks for --os-url", async () => {
    const { code, stderr } = await run("node", [MAIN, "aggregate", "--source", "opensearch"], 60_000);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toBe("usage-delta: --source opensearch needs --os-url URL (or $OPENSEARCH_URL)\n");
  });

  it("reports a source that cannot connect through runAggregation too (after its retries)", async () => {
    const client = createOpenSearchClient({ url: "http://127.0.0.1:1" });
    const source = createOpenSearchEventSource({ client, url: "http://127.0.0.1:1" });
    process.env.USAGE_DELTA_TEST_BACKOFF_MS = "2"; // the source retries: milliseconds, not seconds
    try {
      await expect(runAggregation(source, OPTIONS)).rejects.toThrow(
        "cannot reach OpenSearch at http://127.0.0.1:1: connection refused (gave up after 6 retries)",
      );
    } finally {
      delete process.env.USAGE_DELTA_TEST_BACKOFF_MS;
      await client.close();
    }
  });
});

describeWithOpenSearch("OpenSearch source: missing indices", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("ud-missing")}-`;
  const source = (indexPrefix = prefix) => createOpenSearchEventSource({ client, url, indexPrefix });

  beforeAll(async () => {
    // Views only: no downloads, no records, no membership.
    await client.indices.create({
      index: `${prefix}events-stats-record-view-2025-01`,
      body: { settings: { number_of_replicas: 0 }, aliases: { [`${prefix}events-stats-record-view`]: {} } },
    });
    await client.index({
      index: `${prefix}events-stats-record-view`,
      id: "a",
      body: { timestamp: "2025-01-02T03:04:05", recid: "r1", visitor_id: "v" },
      refresh: true,
    });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.close();
  });

  it("names both event aliases when neither exists", async () => {
    const other = `${uniqueIndexName("ud-none")}-`;
    await expect(runAggregation(source(other), OPTIONS)).rejects.toThrow(
      `index not found: ${other}events-stats-record-view and ${other}events-stats-file-download, no usage events to read (at ${url})`,
    );
  });

  it("names the records index when events need it", async () => {
    await expect(runAggregation(source(), OPTIONS)).rejects.toThrow(`index not found: ${prefix}rdmrecords-records (at ${url})`);
  });

  it("reads views without downloads, and records without membership", async () => {
    await client.indices.create({
      index: `${prefix}rdmrecords-records`,
      body: { settings: { number_of_replicas: 0 }, mappings: { properties: { id: { type: "keyword" } } } },
    });
    await client.index({
      index: `${prefix}rdmrecords-records`,
      id: "uuid-1",
      body: { id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } } },
      refresh: true,
    });
    const { summary, documents } = await runAggregation(source(), OPTIONS);
    expect(summary.counts.counted).toBe(1);
    expect(summary.records).toBe(1);
    expect(documents.map((d) => [d.community_id, d.totals.view.total_events])).toEqual([
      ["c1", 1],
      ["global", 1],
    ]);
  });
});
