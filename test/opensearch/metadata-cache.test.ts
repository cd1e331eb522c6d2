// --metadata-cache with the OpenSearch source, against the live server: the first run
// fetches the records the events name and the membership; the next takes them from the
// cache; after a record's `updated` changes, only that record is fetched again; a newer
// membership event is fetched alone, one without a timestamp makes the cache reload all
// of them. Every run's documents equal those of a run without the cache.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { RECORDS_INDEX } from "../../src/generate/opensearch-templates.js";
import { indexDatasetToOpenSearch } from "../../src/generate/to-opensearch.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";
import { comparable } from "../support/documents-file.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { testEngineOptions } from "../support/engine-options.js";

const OPTIONS = testEngineOptions({ chunkSize: 5000 });

describeWithOpenSearch("metadata cache, OpenSearch source", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("md-cache")}-`;
  let dir = "";
  let cache = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-md-cache-"));
    cache = join(dir, "cache");
    await generateDataset({ outDir: dir, events: 3000, seed: 12, days: 10, communities: 4 });
    await indexDatasetToOpenSearch({ client, url, dir, indexPrefix: prefix });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => {});
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  const source = () => createOpenSearchEventSource({ client, url, indexPrefix: prefix, slices: 2 });
  const run = async (metadataCacheDir?: string) => {
    const notes: string[] = [];
    const result = await runAggregation(source(), { ...OPTIONS, metadataCacheDir }, { onNote: (note) => notes.push(note) });
    return { ...result, notes };
  };

  it("fetches only what changed since the cached copy", async () => {
    const uncached = await run();
    const records = uncached.summary.records;
    const expected = comparable(uncached.documents);

    const first = await run(cache);
    expect(first.summary.metadataCache).toMatchObject({ copyFetchedAt: null, records: { cached: 0, fetched: records } });
    expect(first.summary.metadataCache?.membership.fetched).toBeGreaterThan(0);
    expect(comparable(first.documents)).toEqual(expected);
    const membership = first.summary.metadataCache?.membership.fetched ?? 0;

    const second = await run(cache);
    expect(second.summary.metadataCache).toMatchObject({ records: { cached: records, fetched: 0 }, membership: { cached: membership, fetched: 0 } });
    expect(second.summary.records).toBe(records);
    expect(comparable(second.documents)).toEqual(expected);

    // A record the events name, edited now: `updated` moves, and it alone is fetched again.
    const known = new Set(
      (await readFile(join(dir, "records.ndjson"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { id: string }).id),
    );
    const named = (await readFile(join(dir, "views.ndjson"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { recid: string }).recid);
    const id = named.find((recid) => known.has(recid)) ?? "";
    await client.update({ index: `${prefix}${RECORDS_INDEX}`, id, body: { doc: { updated: new Date().toISOString() } }, refresh: true });
    const third = await run(cache);
    expect(third.summary.metadataCache).toMatchObject({ records: { cached: records - 1, fetched: 1 }, membership: { cached: membership, fetched: 0 } });
    expect(comparable(third.documents)).toEqual(expected);
    expect(third.notes.join("\n")).toMatch(
      /metadata cache: [\d,]+ records and [\d,]+ membership events from the copy of .*; fetched 1 records and 0 membership events/,
    );
  });

  it("membership: a newer event is fetched alone; one without a timestamp makes the cache load them all", async () => {
    const { body } = await client.search({ index: `${prefix}stats-community-events`, body: { size: 1, query: { match_all: {} } } });
    const hit = body.hits.hits[0] as { _index: string; _source: Record<string, unknown> };
    const before = await run(cache);
    const held = (before.summary.metadataCache?.membership.cached ?? 0) + (before.summary.metadataCache?.membership.fetched ?? 0);
    await client.index({
      index: hit._index,
      id: "md-cache-new-1",
      body: { ...hit._source, event_type: "removed", timestamp: new Date().toISOString().slice(0, 19) },
      refresh: true,
    });
    const newer = await run(cache);
    expect(newer.summary.metadataCache?.membership).toEqual({ cached: held, fetched: 1 });
    expect(comparable(newer.documents)).toEqual(comparable((await run()).documents));

    await client.index({ index: hit._index, id: "md-cache-new-2", body: { ...hit._source, event_type: "added" }, refresh: true });
    const reloaded = await run(cache);
    expect(reloaded.notes.join("\n")).toMatch(/holds [\d,]+ membership events, the cache [\d,]+: all are loaded again/);
    expect(reloaded.summary.metadataCache?.membership.cached).toBe(0);
    expect(comparable(reloaded.documents)).toEqual(comparable((await run()).documents));
  });
});
