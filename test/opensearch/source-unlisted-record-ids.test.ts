// Event indices whose record id cannot be listed by the server (invenio-stats' own
// contrib templates; here `recid` with `index: false` and `doc_values: false`): the
// records the events name are still found (their ids are read from the events), older
// record views name theirs by `pid_value`, and records really missing are a warning
// with the share of events affected.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { canonicalJson, referenceAggregate } from "../reference/reference-aggregate.js";
import { testEngineOptions } from "../support/engine-options.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";
import { withoutTimestamps } from "../support/engine-runner.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";

const RECORDS = [0, 1, 2, 3, 4].map((r) => ({
  id: `rec-${r}`,
  parent: { id: `par-${r}`, communities: { ids: [`c${r}`] } },
  metadata: { resource_type: { id: "dataset", title: { en: "Dataset" } }, publisher: `Pub ${r}` },
}));

const VIEWS = [
  ...[0, 1, 2, 3, 4].map((r) => ({ timestamp: `2025-03-0${r + 1}T10:00:00`, recid: `rec-${r}`, visitor_id: `v${r}` })),
  // An older invenio-stats record view: record_id is the record's UUID, pid_value its recid.
  { timestamp: "2025-03-02T11:00:00", record_id: "9a1b-uuid", pid_type: "recid", pid_value: "rec-3", visitor_id: "v9" },
  // A record the records index does not hold.
  { timestamp: "2025-03-03T11:00:00", recid: "rec-gone", visitor_id: "v8" },
];

describeWithOpenSearch("OpenSearch source: record ids the event index cannot list", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("ud-unlisted")}-`;
  const views = `${prefix}events-stats-record-view-2025-03`;
  const records = `${prefix}rdmrecords-records`;

  beforeAll(async () => {
    const unlisted = { type: "keyword" as const, index: false, doc_values: false };
    await client.indices.create({
      index: views,
      body: {
        settings: { number_of_replicas: 0, number_of_shards: 2 },
        mappings: {
          properties: {
            timestamp: { type: "date", format: "strict_date_hour_minute_second" },
            recid: unlisted,
            record_id: { type: "keyword" },
            pid_value: unlisted,
            pid_type: { type: "keyword" },
            visitor_id: { type: "keyword" },
          },
        },
        aliases: { [`${prefix}events-stats-record-view`]: {} },
      },
    });
    await client.indices.create({ index: records, body: { settings: { number_of_replicas: 0 }, mappings: { properties: { id: { type: "keyword" } } } } });
    const operations: unknown[] = [];
    VIEWS.forEach((view, i) => operations.push({ index: { _index: views, _id: `view-${i}` } }, view));
    RECORDS.forEach((record, i) => operations.push({ index: { _index: records, _id: `uuid-${i}` } }, record));
    const { body } = await client.bulk({ body: operations as never, refresh: true });
    expect(body.errors).toBe(false);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.close();
  });

  it("finds every record the events name, and equals the reference", async () => {
    const source = createOpenSearchEventSource({ client, url, indexPrefix: prefix });
    const { summary, documents } = await runAggregation(source, testEngineOptions());
    expect(summary.records).toBe(5);
    expect(summary.counts.counted).toBe(7);
    expect(summary.counts.unknownRecord).toBe(1);
    const expected = referenceAggregate({ views: VIEWS.map((v) => JSON.stringify(v)), downloads: [], records: RECORDS, membership: [] });
    expect(canonicalJson(withoutTimestamps(documents))).toBe(canonicalJson(withoutTimestamps(expected.documents)));
    expect(documents.map((d) => d.community_id)).toEqual(expect.arrayContaining(["c0", "c1", "c2", "c3", "c4"]));
  });

  it("warns, on stderr and in the run report, with the share of events whose record is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ud-unlisted-"));
    const summaryFile = join(dir, "report.json");
    const run = runCli([
      "aggregate",
      "--source",
      "opensearch",
      "--os-url",
      url,
      "--index-prefix",
      prefix,
      "--out",
      join(dir, "docs.ndjson"),
      "--summary-file",
      summaryFile,
      "--log-level",
      "warn",
    ]);
    expect(run.status).toBe(0);
    const message =
      "1 of 7 counted events (14.3%) name records the records source does not hold: they count in global and their own community_ids only, without facets";
    expect(run.stderr).toContain(`WARNING             ${message}`);
    expect(run.stderr).toContain("(of unknown records: 1, 14.3%)");
    expect((JSON.parse(await readFile(summaryFile, "utf8")) as { warnings: string[] }).warnings).toEqual([message]);
    await rm(dir, { recursive: true, force: true });
  });
});
