// The OpenSearch sink through the real CLI: the summary counts what was written (after the
// writes, not before), the server's error texts reach the terminal inert, and Ctrl-C
// during the write stops it (exit 130, bookmarks only as far as written).

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { BOOKMARK_INDEX_BASE } from "../../src/sinks/bookmarks-opensearch.js";
import { usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

describeWithOpenSearch("aggregate --sink opensearch, what the terminal shows", () => {
  const client = makeTestClient();
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `${uniqueIndexName("out")}-`;
    prefixes.push(prefix);
    return prefix;
  };
  let hostile: string;
  let data: string;
  let large: string;
  const connection = () => ["--os-url", opensearchUrl() ?? "", "--log-level", "warn"];

  beforeAll(async () => {
    hostile = await mkdtemp(join(tmpdir(), "usage-delta-os-out-"));
    // A community id with terminal escapes in it: the server quotes it back in its errors.
    const view = JSON.stringify({ timestamp: "2025-03-01T10:00:00", recid: "r1", visitor_id: "v1" });
    await writeFile(join(hostile, "views.ndjson"), `${view}\n`);
    await writeFile(join(hostile, "downloads.ndjson"), "");
    await writeFile(
      join(hostile, "records.ndjson"),
      `${JSON.stringify({ id: "r1", parent: { id: "p1", communities: { ids: ["c\u001b[2J\u001b]0;owned\u0007"] } } })}\n`,
    );
    data = await mkdtemp(join(tmpdir(), "usage-delta-os-out-data-"));
    await generateDataset({ outDir: data, events: 1500, seed: 21, start: "2025-05-01", days: 6, communities: 2 });
    // Documents worth more than one bulk request (5 MiB each).
    large = await mkdtemp(join(tmpdir(), "usage-delta-os-out-large-"));
    await generateDataset({ outDir: large, events: 20_000, seed: 22, start: "2025-05-01", days: 30, communities: 8 });
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
      await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
    }
    await client.close();
    await rm(hostile, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
    await rm(large, { recursive: true, force: true });
  });

  it("nothing written: the summary says 0 of N, and the server's text shows control characters as escapes", async () => {
    const prefix = newPrefix();
    // Our documents do not fit this mapping: the server refuses each, quoting the id.
    await client.indices.create({
      index: `${prefix}stats-community-usage-delta-2025`,
      body: { settings: { number_of_replicas: 0 }, mappings: { properties: { community_id: { type: "integer" } } } },
    });
    const run = runCli(["aggregate", "--input", hostile, "--backend", "memory", "--sink", "opensearch", "--index-prefix", prefix, ...connection()]);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/documents written\s+0 of 2 \(/);
    expect(run.stderr).toMatch(/written\s+0 of 2/);
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(run.stderr).toContain("c\\x1b[2J\\x1b]0;owned\\x07");
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe("usage-delta: 2 of 2 documents were not written to OpenSearch (listed above)");
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} at the start of the write: exit 130, nothing sent, no bookmark moved`, async () => {
      const prefix = newPrefix();
      const cli = spawnCli(["aggregate", "--input", data, "--backend", "memory", "--sink", "opensearch", "--index-prefix", prefix, ...connection()], {
        env: { USAGE_DELTA_TEST_PAUSE_AT: "write" },
      });
      await cli.waitFor(/paused at the write stage/);
      cli.child.kill(signal);
      const { code } = await cli.exited;
      expect(code, cli.stderr()).toBe(130);
      expect(cli.stderr()).toMatch(/documents written\s+0 of \d+/);
      expect(cli.stderr()).toMatch(/not sent\s+\d+ \(interrupted\)/);
      expect(cli.stderr()).toMatch(/bookmarks\s+unchanged/);
      const bookmarks = await client.indices.exists({ index: `${prefix}${BOOKMARK_INDEX_BASE}` });
      if (bookmarks.body === true) {
        await client.indices.refresh({ index: `${prefix}${BOOKMARK_INDEX_BASE}` });
        expect((await client.count({ index: `${prefix}${BOOKMARK_INDEX_BASE}` })).body.count).toBe(0);
      }
      const { body } = await client.count({ index: `${prefix}stats-community-usage-delta-*`, ignore_unavailable: true, allow_no_indices: true });
      expect(body.count).toBe(0);
    });
  }

  it("SIGINT after the first bulk request: what was answered stays, the bookmarks move only as far as written", async () => {
    const prefix = newPrefix();
    const cli = spawnCli(["aggregate", "--input", large, "--backend", "memory", "--sink", "opensearch", "--index-prefix", prefix, ...connection()], {
      env: { USAGE_DELTA_TEST_PAUSE_AT: "bulk" },
    });
    await cli.waitFor(/paused at the bulk stage/, 120_000);
    cli.child.kill("SIGINT");
    const { code } = await cli.exited;
    expect(code, cli.stderr()).toBe(130);
    const [, written, total] = (/documents written\s+(\d+) of (\d+)/.exec(cli.stderr()) ?? []).map(Number);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(total);
    expect(cli.stderr()).toContain(
      `usage-delta: interrupted while writing to OpenSearch: ${written.toLocaleString("en")} of ${total.toLocaleString("en")} documents sent`,
    );
    const alias = `${prefix}stats-community-usage-delta`;
    await client.indices.refresh({ index: `${alias}-*` });
    const { body } = await client.search({ index: `${alias}-*`, body: { size: 10_000, _source: ["community_id", "period_start"] } });
    const hits = body.hits.hits.map((hit) => hit._source as { community_id: string; period_start: string });
    expect(hits).toHaveLength(written);
    const bookmarkIndex = `${prefix}${BOOKMARK_INDEX_BASE}`;
    await client.indices.refresh({ index: bookmarkIndex });
    const marks = (await client.search({ index: bookmarkIndex, body: { size: 1000 } })).body.hits.hits.map(
      (hit) => hit._source as { community_id: string; date: string },
    );
    expect(marks.length).toBeGreaterThan(0);
    for (const { community_id: community, date } of marks) {
      // Every day of this community up to its bookmark is in the index.
      const days = new Set(hits.filter((h) => h.community_id === community).map((h) => h.period_start.slice(0, 10)));
      for (let day = "2025-05-01"; day <= date.slice(0, 10); day = nextDay(day)) expect(days.has(day), `${community} ${day}`).toBe(true);
    }
    // A community with nothing written has no bookmark.
    const withDocuments = new Set(hits.map((h) => h.community_id));
    for (const { community_id: community } of marks) expect(withDocuments.has(community)).toBe(true);
  }, 240_000);
});

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
