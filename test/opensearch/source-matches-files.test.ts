// A generated dataset indexed into OpenSearch (generate --to-opensearch) and read back
// with the OpenSearch source gives the same documents as the same dataset read from its
// files, with the memory and the parallel backend, with and without a day range.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAggregation, type EngineOptions } from "../../src/coordinator/run-aggregation.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { indexDatasetToOpenSearch, type IndexDatasetReport } from "../../src/generate/to-opensearch.js";
import type { RejectedLine } from "../../src/model/chunk-types.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import type { EventSource } from "../../src/sources/event-source.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { testEngineOptions } from "../support/engine-options.js";

const OPTIONS = testEngineOptions({ chunkSize: 700 }); // several pages per shard: search_after paging is exercised

/** Documents keyed by id, without the run's `timestamp`. */
function comparable(documents: UsageDeltaDocument[]): Map<string, unknown> {
  return new Map(documents.map(({ timestamp: _ignored, ...rest }) => [`${rest.community_id}-${rest.period_start}`, rest]));
}

async function aggregate(source: EventSource, options: Partial<EngineOptions> = {}) {
  const rejects: RejectedLine[] = [];
  const result = await runAggregation(source, { ...OPTIONS, ...options }, { onReject: (reject) => rejects.push(reject) });
  return { ...result, rejects };
}

describeWithOpenSearch("OpenSearch source vs files", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("ud-src")}-`;
  let dir = "";
  let report: IndexDatasetReport;

  const files = () =>
    createFileEventSource({
      views: [join(dir, "views.ndjson")],
      downloads: [join(dir, "downloads.ndjson")],
      records: join(dir, "records.ndjson"),
      membership: join(dir, "membership.ndjson"),
    });
  const opensearch = (extra: { slices?: number; range?: { startDay: number; endDay: number } } = {}) =>
    createOpenSearchEventSource({ client, url, indexPrefix: prefix, ...extra });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-os-source-"));
    // No malformed lines: every line of the files is then also a document of the indices.
    await generateDataset({ outDir: dir, events: 3000, seed: 7, days: 20, communities: 5 });
    report = await indexDatasetToOpenSearch({ client, url, dir, indexPrefix: prefix, bulk: { batchBytes: 256 * 1024 } });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => {});
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("indexes every line", () => {
    expect(report.views.refused + report.downloads.refused + report.views.skipped + report.downloads.skipped).toBe(0);
    expect(report.views.indexed + report.downloads.indexed).toBe(3000);
    expect(report.records.indexed).toBeGreaterThan(0);
    expect(report.membership.indexed).toBeGreaterThan(0);
  });

  it("gives the files' documents with the memory backend", async () => {
    const expected = await aggregate(files());
    const actual = await aggregate(opensearch());
    expect(actual.documents.length).toBeGreaterThan(0);
    expect(comparable(actual.documents)).toEqual(comparable(expected.documents));
    expect(actual.summary.counts).toEqual(expected.summary.counts);
    expect(actual.rejects).toEqual([]);
  });

  it("gives the files' documents with the parallel backend and two slices", async () => {
    const expected = await aggregate(files());
    const actual = await aggregate(opensearch({ slices: 2 }), { backend: "parallel", threads: 2 });
    expect(comparable(actual.documents)).toEqual(comparable(expected.documents));
  });

  it("reads only the days asked for, with the same documents", async () => {
    const days = { start: "2025-01-05", end: "2025-01-09" };
    const expected = await aggregate(files(), days);
    const startDay = Date.UTC(2025, 0, 5) / 86_400_000;
    const actual = await aggregate(opensearch({ range: { startDay, endDay: startDay + 4 } }), days);
    expect(comparable(actual.documents)).toEqual(comparable(expected.documents));
    // Pushed down: the other days' events are never read.
    const read = (s: typeof actual.summary) => s.counts.readViews + s.counts.readDownloads;
    expect(read(actual.summary)).toBe(read(expected.summary) - expected.summary.counts.outsideRange);
    // Only the records these events name are loaded.
    expect(actual.summary.records).toBeLessThanOrEqual(expected.summary.records);
  });

  it("in day windows (bounded memory), each window reads its own days: same documents", async () => {
    const expected = await aggregate(files());
    const actual = await aggregate(opensearch({ slices: 2 }), { backend: "parallel", threads: 2, windowEvents: 400 });
    expect(actual.summary.windows).toBeGreaterThan(3);
    expect(comparable(actual.documents)).toEqual(comparable(expected.documents));
    expect(actual.summary.counts).toEqual(expected.summary.counts);
  });

  it("reports progress in events against the indices' count", async () => {
    const source = opensearch();
    let last = { done: 0, total: 0 };
    await runAggregation(source, OPTIONS, {
      onProgress: () => {
        last = source.progress();
      },
    });
    expect(last.total).toBe(3000);
    expect(last.done).toBe(3000);
  });
});
