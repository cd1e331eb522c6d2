// Incremental runs into OpenSearch: bookmarks in `stats-bookmarks-community` move only
// after the documents they cover were written (a refused year keeps them before it), and
// runs timed out, killed (while writing, too) and resumed with --since-bookmark end with
// exactly the documents of one uninterrupted run (all but each one's `timestamp`).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { writeDocumentsOpenSearch } from "../../src/sinks/opensearch-documents.js";
import { createFileEventSource, datasetFiles } from "../../src/sources/file-event-source.js";
import { comparable, readDocuments } from "../support/documents-file.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

describeWithOpenSearch("bookmarks and resumed runs with the OpenSearch sink", () => {
  const client = makeTestClient();
  const base = uniqueIndexName("bm-resume");
  let dir = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-os-resume-"));
    // Across a new year: the sink writes yearly indices.
    await generateDataset({ outDir: dir, events: 60_000, seed: 9, start: "2024-12-20", days: 30, communities: 3 });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${base}*`, ignore_unavailable: true, expand_wildcards: "all" });
    await client.indices.deleteIndexTemplate({ name: `${base}*` }).catch(() => {});
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  const sink = (prefix: string) => ["--input", dir, "--sink", "opensearch", "--os-url", opensearchUrl() ?? "", "--index-prefix", prefix];

  async function indexed(prefix: string): Promise<UsageDeltaDocument[]> {
    await client.indices.refresh({ index: `${prefix}stats-community-usage-delta-*` });
    const { body } = await client.search({ index: `${prefix}stats-community-usage-delta`, body: { size: 10_000, query: { match_all: {} } } });
    return (body.hits.hits as { _source: UsageDeltaDocument }[]).map((hit) => hit._source);
  }

  async function bookmarks(prefix: string): Promise<Map<string, string>> {
    const { body } = await client
      .search({ index: `${prefix}stats-bookmarks-community`, body: { size: 100, query: { match_all: {} } } })
      .catch(() => ({ body: { hits: { hits: [] } } }));
    return new Map(
      (body.hits.hits as { _id: string; _source: { date: string; community_id: string } }[]).map((hit) => {
        expect(hit._id).toBe(`community-usage-delta-agg_${hit._source.community_id}`);
        return [hit._source.community_id, hit._source.date];
      }),
    );
  }

  it("a refused year: the bookmarks stay before it; once it can be written, --since-bookmark finishes the job", async () => {
    const prefix = `${base}-refused-`;
    await client.indices.create({ index: `${prefix}stats-community-usage-delta-2025`, body: { settings: { "index.blocks.write": true } } });
    const refused = runCli(["aggregate", ...sink(prefix), "--end", "2025-01-03", "--log-level", "warn"]);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/documents were not written to OpenSearch/);
    const held = await bookmarks(prefix);
    expect(held.size).toBe(4);
    for (const date of held.values()) expect(date).toBe("2024-12-31T00:00:00");

    await client.indices.delete({ index: `${prefix}stats-community-usage-delta-2025` });
    const resumed = runCli(["aggregate", ...sink(prefix), "--since-bookmark", "--end", "2025-01-03", "--explain", "--log-level", "warn"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("plan: since bookmark: from 2024-12-31");
    for (const date of (await bookmarks(prefix)).values()) expect(date).toBe("2025-01-03T00:00:00");
    expect((await indexed(prefix)).length).toBe(4 * 15);
  });

  it("half-written, timed out, killed while writing, resumed: the uninterrupted run's documents", async () => {
    const prefix = `${base}-resume-`;
    const end = "2025-01-15";
    const reference = join(dir, "reference.ndjson");
    expect(runCli(["aggregate", "--input", dir, "--out", reference, "--end", end, "--log-level", "warn"]).status).toBe(0);
    const expected = comparable(await readDocuments(reference));

    // What a killed writer may leave: some documents, with other numbers, and no bookmark.
    const other = await runAggregation(createFileEventSource(datasetFiles(dir)), {
      backend: "memory",
      threads: 1,
      chunkSize: 10_000,
      onInvalid: "skip",
      includeRobots: true,
      excludeMachines: false,
      excludeApi: false,
      end,
    });
    await writeDocumentsOpenSearch(
      client,
      other.documents.filter((_, i) => i % 3 === 0),
      { prefix },
    );

    const args = ["aggregate", ...sink(prefix), "--since-bookmark", "--end", end];
    const slow = ["--max-memory", "1M", "--threads", "2", "--explain", "--log-level", "warn"];
    const timedOut = runCli([...args, ...slow, "--timeout", "3"]);
    expect(timedOut.status, timedOut.stderr).toBe(75);

    // Paused after its first bulk request was answered (the test hook), so that the kill
    // lands while it writes however fast the run is.
    const killed = spawnCli([...args, "--explain", "--log-level", "warn"], { env: { USAGE_DELTA_TEST_PAUSE_AT: "bulk" } });
    await killed.waitFor(/paused at the bulk stage/);
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");

    const resumed = runCli([...args, "--log-level", "warn"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(comparable(await indexed(prefix))).toEqual(expected);
    for (const date of (await bookmarks(prefix)).values()) expect(date).toBe(`${end}T00:00:00`);
  });
});
