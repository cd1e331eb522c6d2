// Bad documents in the indices (possible under a looser mapping than the dashboard's)
// are rejected, named by index and document id; indices of several shards are read
// whole (one slice per shard) with pages smaller than a shard.

import { afterAll, beforeAll, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import type { RejectedLine } from "../../src/model/chunk-types.js";
import { InvalidInputError } from "../../src/model/errors.js";
import { forEachCompositeValue } from "../../src/opensearch/composite-values.js";
import { forEachDistinctValue } from "../../src/opensearch/distinct-values.js";
import { closePointInTime, openPointInTime } from "../../src/opensearch/point-in-time.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { testEngineOptions } from "../support/engine-options.js";

const OPTIONS = testEngineOptions({ chunkSize: 7, includeRobots: true });

const GOOD_VIEWS = 60;

function view(i: number): Record<string, unknown> {
  return {
    timestamp: `2025-03-0${1 + (i % 5)}T10:00:00`,
    recid: `rec-${i % 4}`,
    visitor_id: `v${i}`,
    country: "DE",
    is_robot: false,
    is_machine: false,
    via_api: false,
  };
}

describeWithOpenSearch("OpenSearch source: bad documents", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("ud-bad")}-`;
  const views = `${prefix}events-stats-record-view-2025-03`;
  const downloads = `${prefix}events-stats-file-download-2025-03`;
  const records = `${prefix}rdmrecords-records`;
  const membership = `${prefix}stats-community-events-2025`;

  const source = () => createOpenSearchEventSource({ client, url, indexPrefix: prefix, slices: 2 });

  beforeAll(async () => {
    // A loose mapping: only the timestamp is a date (so the range query works); anything else goes.
    const loose = (alias: string, shards: number) => ({
      settings: { number_of_shards: shards, number_of_replicas: 0 },
      mappings: {
        properties: {
          timestamp: { type: "date" as const, format: "strict_date_hour_minute_second" },
          recid: { type: "keyword" as const },
          record_id: { type: "keyword" as const },
          size: { type: "keyword" as const },
        },
      },
      aliases: { [alias]: {} },
    });
    await client.indices.create({ index: views, body: loose(`${prefix}events-stats-record-view`, 3) });
    await client.indices.create({ index: downloads, body: loose(`${prefix}events-stats-file-download`, 1) });
    await client.indices.create({ index: records, body: { settings: { number_of_replicas: 0 }, mappings: { properties: { id: { type: "keyword" } } } } });
    await client.indices.create({ index: membership, body: { settings: { number_of_replicas: 0 }, aliases: { [`${prefix}stats-community-events`]: {} } } });
    const operations: unknown[] = [];
    const put = (index: string, id: string, doc: unknown) => operations.push({ index: { _index: index, _id: id } }, doc);
    for (let i = 0; i < GOOD_VIEWS; i++) put(views, `good-${i}`, view(i));
    put(views, "no-recid", { ...view(0), recid: undefined });
    put(views, "no-timestamp", { ...view(0), timestamp: undefined });
    put(views, "odd-type", { ...view(0), type: "share" });
    put(downloads, "negative-size", { ...view(1), file_id: "f1", size: -5 });
    put(downloads, "text-size", { ...view(2), file_id: "f2", size: "12 KB" });
    put(downloads, "good-download", { ...view(3), file_id: "f3", size: 100 });
    for (let r = 0; r < 4; r++) put(records, `uuid-${r}`, { id: `rec-${r}`, parent: { id: `par-${r}`, communities: { ids: ["c1"] } } });
    put(membership, "moved", { record_id: "rec-1", community_id: "c2", event_type: "moved", event_date: "2025-01-01" });
    put(membership, "added", { record_id: "rec-2", community_id: "c2", event_type: "added", event_date: "2025-01-01" });
    const { body } = await client.bulk({ body: operations as never, refresh: true });
    expect(body.items.filter((item: Record<string, { error?: unknown }>) => Object.values(item)[0].error !== undefined)).toEqual([]);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.close();
  });

  it("rejects each bad document by index and id, and reads every shard whole", async () => {
    const rejects: RejectedLine[] = [];
    const { summary, documents } = await runAggregation(source(), OPTIONS, { onReject: (reject) => rejects.push(reject) });
    const byId = Object.fromEntries(rejects.map((reject) => [reject.line, reject]));
    expect(Object.keys(byId).sort()).toEqual(["moved", "negative-size", "no-recid", "no-timestamp", "odd-type", "text-size"]);
    expect(byId["no-recid"]).toMatchObject({ source: views, reason: "missing recid" });
    expect(byId["no-timestamp"]).toMatchObject({ source: views, reason: "invalid timestamp" });
    expect(byId["odd-type"]).toMatchObject({ source: views, reason: "unknown type" });
    expect(byId["negative-size"]).toMatchObject({ source: downloads, reason: "invalid size" });
    expect(byId["text-size"]).toMatchObject({ source: downloads, reason: "invalid size" });
    expect(byId.moved).toMatchObject({ source: membership, reason: "invalid membership event" });
    expect(JSON.parse(byId["negative-size"].raw)).toMatchObject({ size: -5 });
    expect(summary.counts.readViews).toBe(GOOD_VIEWS + 3);
    expect(summary.counts.counted).toBe(GOOD_VIEWS + 1);
    expect(summary.counts.unknownRecord).toBe(0);
    const global = documents.filter((d) => d.community_id === "global");
    expect(global.reduce((sum, d) => sum + d.totals.view.total_events, 0)).toBe(GOOD_VIEWS);
  });

  it("stops at a bad document with --on-invalid fail, naming index and document", async () => {
    const run = runAggregation(source(), { ...OPTIONS, onInvalid: "fail" });
    await expect(run).rejects.toBeInstanceOf(InvalidInputError);
    await expect(runAggregation(source(), { ...OPTIONS, onInvalid: "fail" })).rejects.toThrow(new RegExp(`invalid input in ${membership} at document moved`));
  });

  it("lists the distinct record ids exactly, however the partitions or pages fall", async () => {
    const pit = await openPointInTime(client, { url, index: `${prefix}events-stats-record-view` });
    try {
      const all = ["rec-0", "rec-1", "rec-2", "rec-3"];
      const collect = async (run: (onValue: (value: string) => void) => Promise<void>) => {
        const values: string[] = [];
        await run((value) => values.push(value));
        return values.sort();
      };
      expect(await collect((on) => forEachDistinctValue(client, url, pit, "recid", { match_all: {} }, on))).toEqual(all);
      // One bucket per partition: partitions overflow until no two ids share one.
      expect(await collect((on) => forEachDistinctValue(client, url, pit, "recid", { match_all: {} }, on, { expectedValues: 1, buckets: 1 }))).toEqual(all);
      expect(await collect((on) => forEachCompositeValue(client, url, pit, "recid", { match_all: {} }, on, [3]))).toEqual(all);
      expect(await collect((on) => forEachDistinctValue(client, url, pit, "record_id", { match_all: {} }, on))).toEqual([]);
    } finally {
      await closePointInTime(client, pit.id);
    }
  });
});
