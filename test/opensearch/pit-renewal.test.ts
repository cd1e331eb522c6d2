// A point in time that really goes away mid-read (closed on the server between two
// pages, as an expiry would) is reopened and the read resumes after its last hit when
// the shard is unchanged; when the shard changed meanwhile (a document indexed: a new
// segment), `_doc` values no longer mean the same hits, and the read stops with one line.

import { afterAll, beforeAll, expect, it } from "vitest";
import { openAliasScan, type AliasScan } from "../../src/opensearch/alias-scan.js";
import { closePointInTime } from "../../src/opensearch/point-in-time.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";

const DOCS = 250;
const PAGE = 40;

describeWithOpenSearch("point in time renewal", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const index = uniqueIndexName("ud-pit");

  beforeAll(async () => {
    // Two shards: two units, read through slices.
    await client.indices.create({ index, body: { settings: { number_of_replicas: 0, number_of_shards: 2 } } });
    const body = Array.from({ length: DOCS }, (_, i) => [{ index: { _index: index, _id: `d${i}` } }, { n: i }]).flat();
    await client.bulk({ body, refresh: true });
  });

  afterAll(async () => {
    await client.indices.delete({ index }).catch(() => {});
    await client.close();
  });

  /** The ids of every hit, reading all units; `between` runs after the first page. */
  async function readAll(between: (scan: AliasScan) => Promise<void>): Promise<string[]> {
    const scan = await openAliasScan(client, url, { index, query: { match_all: {} } });
    const ids: string[] = [];
    let pages = 0;
    try {
      for await (const page of scan.pages(2, { pageSize: PAGE })) {
        const text = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength).toString("utf8");
        for (const hit of (JSON.parse(text) as { hits: { hits: { _id: string }[] } }).hits.hits) ids.push(hit._id);
        if (++pages === 1) await between(scan);
      }
    } finally {
      await scan.close();
    }
    return ids;
  }

  it("resumes after the last hit when the point in time was closed mid-read and nothing changed", async () => {
    const clean = await readAll(async () => {});
    expect(clean.length).toBe(DOCS);
    let closed = 0;
    const ids = await readAll(async (scan) => {
      await closePointInTime(client, scan.pit.id);
      closed++;
    });
    expect(closed).toBe(1);
    expect(ids).toEqual(clean);
    expect(new Set(ids).size).toBe(DOCS);
  });

  it("refuses to resume when the shard changed meanwhile: one line, exit 69", async () => {
    const read = readAll(async (scan) => {
      // New segments, then the point in time goes.
      await client.bulk({
        body: [
          { index: { _index: index, _id: "x1" } },
          { n: -1 },
          { index: { _index: index, _id: "x2" } },
          { n: -2 },
          { index: { _index: index, _id: "x3" } },
          { n: -3 },
        ],
        refresh: true,
      });
      await closePointInTime(client, scan.pit.id);
    });
    await expect(read).rejects.toMatchObject({
      exitCode: 69,
      message: expect.stringMatching(
        new RegExp(
          `^the point in time on ${index} expired during the read \\(at ${url.replace(/[.]/g, "\\.")}\\) and shard \\d of ${index} changed since .*: run again$`,
        ),
      ),
    });
  });
});
