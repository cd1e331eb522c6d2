// The OpenSearch sink against the live server: it writes exactly the file sink's
// documents into yearly indices behind the alias, re-runs overwrite, a dry run writes
// nothing, batches are cut by bytes and halved on 413, and failures are reported.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { clientBulkSend, type BulkSend } from "../../src/opensearch/bulk-send.js";
import { writeBulk } from "../../src/opensearch/bulk-writer.js";
import { usageDeltaAlias, usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { writeDocumentsOpenSearch } from "../../src/sinks/opensearch-documents.js";
import { openSink } from "../../src/sinks/sink-registry.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";
import { describeWithOpenSearch, makeTestClient, uniqueIndexName } from "../support/opensearch.js";

describeWithOpenSearch("OpenSearch sink", () => {
  const client = makeTestClient();
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `${uniqueIndexName("sink")}-`;
    prefixes.push(prefix);
    return prefix;
  };
  let dir: string;
  let documents: UsageDeltaDocument[];
  let fileLines: unknown[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-sink-"));
    // Across a new year: documents go to two yearly indices.
    await generateDataset({ outDir: dir, events: 1500, seed: 7, start: "2024-12-27", days: 10, communities: 3 });
    const source = createFileEventSource({
      views: [join(dir, "views.ndjson")],
      downloads: [join(dir, "downloads.ndjson")],
      records: join(dir, "records.ndjson"),
      membership: join(dir, "membership.ndjson"),
    });
    const options = {
      backend: "memory" as const,
      threads: 1,
      chunkSize: 500,
      onInvalid: "skip" as const,
      includeRobots: false,
      excludeMachines: false,
      excludeApi: false,
    };
    ({ documents } = await runAggregation(source, options));
    const sink = await openSink("file", { out: join(dir, "out.ndjson") });
    await sink.write(documents, { interrupts: new AbortController().signal, merge: false });
    fileLines = (await readFile(join(dir, "out.ndjson"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown);
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
      await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
    }
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every document behind the alias, in the file sink's order. */
  async function readBack(prefix: string): Promise<{ id: string; index: string; source: unknown }[]> {
    const { body } = await client.search({
      index: usageDeltaAlias(prefix),
      body: { size: 10_000, query: { match_all: {} }, sort: [{ community_id: "asc" }, { period_start: "asc" }] },
    });
    return body.hits.hits.map((hit) => ({ id: hit._id ?? "", index: hit._index ?? "", source: hit._source }));
  }

  it("writes the file output's documents into yearly indices behind the alias", async () => {
    const prefix = newPrefix();
    const report = await writeDocumentsOpenSearch(client, documents, { prefix, template: { replicas: 0 } });
    expect(report).toMatchObject({ failed: 0, written: documents.length, documents: documents.length, dryRun: false });
    expect(report.indices.map(({ index }) => index)).toEqual([`${prefix}stats-community-usage-delta-2024`, `${prefix}stats-community-usage-delta-2025`]);
    expect(report.template).toEqual({ installed: true, name: usageDeltaTemplateName(prefix) });

    const hits = await readBack(prefix);
    expect(hits.map((hit) => hit.source)).toEqual(fileLines);
    for (const hit of hits) {
      const document = hit.source as UsageDeltaDocument;
      expect(hit.id).toBe(`${document.community_id}-${document.period_start.slice(0, 10)}`);
      expect(hit.index).toBe(`${prefix}stats-community-usage-delta-${document.period_start.slice(0, 4)}`);
    }
  });

  it("overwrites on a re-run: the same documents after one, two and three runs", async () => {
    const prefix = newPrefix();
    for (let run = 1; run <= 3; run++) {
      // The second run sends one document per request (a tiny batch size).
      const bulk = run === 2 ? { maxBatchBytes: 1 } : {};
      const report = await writeDocumentsOpenSearch(client, documents, { prefix, template: { replicas: 0 }, bulk });
      expect(report.failed).toBe(0);
      if (run === 2) expect(report.requests).toBe(documents.length);
      expect(report.template?.installed).toBe(run === 1);
      const { body: count } = await client.count({ index: usageDeltaAlias(prefix) });
      expect(count.count).toBe(documents.length);
      expect((await readBack(prefix)).map((hit) => hit.source)).toEqual(fileLines);
    }
  });

  it("writes nothing in a dry run and says what it would write", async () => {
    const prefix = newPrefix();
    const report = await writeDocumentsOpenSearch(client, documents, { prefix, dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.written).toBe(0);
    expect(report.requests).toBe(0);
    expect(report.indices.reduce((sum, { documents: n }) => sum + n, 0)).toBe(documents.length);
    expect(report.firstIds[0]).toBe(`${documents[0].community_id}-${documents[0].period_start.slice(0, 10)}`);
    const { body: indices } = await client.cat.indices({ index: `${prefix}*`, format: "json" });
    expect(indices).toEqual([]);
    const { body: template } = await client.indices.existsIndexTemplate({ name: usageDeltaTemplateName(prefix) });
    expect(template).toBe(false);
  });

  it("reports documents the strict mapping refuses, and writes all the others", async () => {
    const prefix = newPrefix();
    const bad = { ...documents[3], not_in_the_mapping: 1 } as UsageDeltaDocument;
    const report = await writeDocumentsOpenSearch(client, [...documents.slice(0, 3), bad, ...documents.slice(4)], { prefix, template: { replicas: 0 } });
    expect(report.written).toBe(documents.length - 1);
    expect(report.failed).toBe(1);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ id: `${bad.community_id}-${bad.period_start.slice(0, 10)}`, status: 400 });
    expect(report.failures[0].reason).toMatch(/strict_dynamic_mapping_exception/);
    const { body: count } = await client.count({ index: usageDeltaAlias(prefix) });
    expect(count.count).toBe(documents.length - 1);
  });

  it("cuts batches by bytes, halves them on 413 and retries 429 and 5xx answers", async () => {
    const prefix = newPrefix();
    const index = `${prefix}stats-community-usage-delta-bulk`;
    await client.indices.create({ index, body: { settings: { number_of_replicas: 0 } } });
    const real = clientBulkSend(client);
    const operations = documents.map((document, i) => ({ index, id: `doc-${i}`, source: JSON.stringify(document) }));
    const largest = Math.max(...operations.map((operation) => Buffer.byteLength(operation.source) + 100));
    const proxyLimit = 2 * largest;
    const bodies: number[] = [];
    let calls = 0;
    // A proxy in front of the cluster: too-large bodies get 413, and it is busy at times.
    const proxy: BulkSend = async (ndjson) => {
      calls++;
      bodies.push(Buffer.byteLength(ndjson));
      if (calls === 1) return { statusCode: 429, body: { error: { type: "es_rejected_execution_exception", reason: "queue full" } } };
      if (calls === 2) return { statusCode: 503, body: "unavailable" };
      if (calls === 3) return { statusCode: 0, body: "ECONNRESET" };
      if (Buffer.byteLength(ndjson) > proxyLimit) return { statusCode: 413, body: "Request Entity Too Large" };
      return real(ndjson);
    };
    const report = await writeBulk(proxy, operations, { maxBatchBytes: 8 * largest, sleep: async () => {} });
    expect(report.succeeded).toBe(documents.length);
    expect(report.failed).toBe(0);
    expect(report.retries).toBe(3);
    expect(report.splits).toBeGreaterThan(0);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(8 * largest);
    expect(report.requests).toBeGreaterThan(operations.length / 8);
    await client.indices.refresh({ index });
    const { body: count } = await client.count({ index });
    expect(count.count).toBe(documents.length);
  });

  it("gives up on documents after the retries, and on an unreachable cluster with exit 69", async () => {
    const operations = documents.slice(0, 5).map((document, i) => ({ index: "never-written", id: `doc-${i}`, source: JSON.stringify(document) }));
    const busy: BulkSend = async () => ({ statusCode: 429, body: { error: { type: "es_rejected_execution_exception", reason: "queue full" } } });
    const report = await writeBulk(busy, operations, { maxRetries: 2, sleep: async () => {} });
    expect(report).toMatchObject({ succeeded: 0, failed: 5, retries: 2, requests: 3 });
    const gone: BulkSend = async () => ({ statusCode: 0, body: "connect ECONNREFUSED" });
    await expect(writeBulk(gone, operations, { maxRetries: 2, sleep: async () => {} })).rejects.toMatchObject({ code: "OPENSEARCH", exitCode: 69 });
  });
});
