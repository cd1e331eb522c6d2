// The OpenSearch bookmark store (src/sinks/bookmarks-opensearch.ts) against the live
// server: the index is created with the dashboard's strict mapping when absent, ids are
// `{agg_name}_{community_id}`, bookmarks the dashboard wrote are read, others' are left.

import { afterAll, expect, it } from "vitest";
import { BOOKMARK_AGGREGATION } from "../../src/sinks/bookmark-store.js";
import { BOOKMARK_INDEX_BODY, openSearchBookmarkStore } from "../../src/sinks/bookmarks-opensearch.js";
import { describeWithOpenSearch, makeTestClient, uniqueIndexName } from "../support/opensearch.js";

describeWithOpenSearch("OpenSearch bookmarks", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("bm-store")}-`;
  const index = `${prefix}stats-bookmarks-community`;

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.close();
  });

  it("reads nothing before the index exists, creates it on the first write, keeps the others", async () => {
    const store = openSearchBookmarkStore(client, prefix);
    expect(store.location).toBe(`OpenSearch ${index}`);
    expect(await store.read()).toEqual(new Map());
    await store.write(
      new Map([
        ["global", "2025-03-02"],
        ["c1", "2025-03-02"],
      ]),
    );
    await store.write(new Map([["c1", "2025-03-04"]]));
    expect(await store.read()).toEqual(
      new Map([
        ["c1", "2025-03-04"],
        ["global", "2025-03-02"],
      ]),
    );
    const { body: mapping } = await client.indices.getMapping({ index });
    expect((mapping as Record<string, { mappings: unknown }>)[index].mappings).toEqual(BOOKMARK_INDEX_BODY.mappings);
    const { body: doc } = await client.get({ index, id: `${BOOKMARK_AGGREGATION}_c1` });
    expect(doc._source).toEqual({ date: "2025-03-04T00:00:00", aggregation_type: BOOKMARK_AGGREGATION, community_id: "c1" });
  });

  it("reads the dashboard's own form of a date, and only its aggregation's bookmarks", async () => {
    await client.index({
      index,
      id: `${BOOKMARK_AGGREGATION}_c2`,
      body: { date: "2025-03-05T13:10:00.123456", aggregation_type: BOOKMARK_AGGREGATION, community_id: "c2" },
      refresh: true,
    });
    await client.index({
      index,
      id: "community-records-delta-agg_c1",
      body: { date: "2025-01-01T00:00:00", aggregation_type: "community-records-delta-agg", community_id: "c1" },
      refresh: true,
    });
    const bookmarks = await openSearchBookmarkStore(client, prefix).read();
    expect(bookmarks).toEqual(
      new Map([
        ["c1", "2025-03-04"],
        ["c2", "2025-03-05"],
        ["global", "2025-03-02"],
      ]),
    );
    expect(await openSearchBookmarkStore(client, prefix, "community-records-delta-agg").read()).toEqual(new Map([["c1", "2025-01-01"]]));
  });
});
