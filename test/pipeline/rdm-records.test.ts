// The whole pipeline on the hand-written InvenioRDM fixtures (test/fixtures/rdm-records),
// read from files and from OpenSearch: the documents equal the reference implementation's
// and the numbers computed by hand (see the fixture's README for what it holds).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { createFileEventSource, datasetFiles } from "../../src/sources/file-event-source.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";
import { canonicalJson, referenceAggregate } from "../reference/reference-aggregate.js";
import { testEngineOptions } from "../support/engine-options.js";
import { withoutTimestamps } from "../support/engine-runner.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";

const DIR = join(import.meta.dirname, "..", "fixtures", "rdm-records");
const lines = (name: string) =>
  readFileSync(join(DIR, name), "utf8")
    .split("\n")
    .filter((line) => line !== "");
const INPUT = {
  views: lines("views.ndjson"),
  downloads: lines("downloads.ndjson"),
  records: lines("records.ndjson").map((line) => JSON.parse(line) as unknown),
  membership: lines("membership.ndjson").map((line) => JSON.parse(line) as unknown),
};
const canonical = (documents: readonly UsageDeltaDocument[]) => canonicalJson(withoutTimestamps(documents));

const views = (total: number, visitors: number, records: number, parents: number) => ({
  total_events: total,
  unique_visitors: visitors,
  unique_records: records,
  unique_parents: parents,
});
const downloads = (total: number, visitors: number, records: number, parents: number, files: number, volume: number) => ({
  ...views(total, visitors, records, parents),
  unique_files: files,
  total_volume: volume,
});

function find(documents: readonly UsageDeltaDocument[], community: string, day: string): UsageDeltaDocument {
  const found = documents.filter((d) => d.community_id === community && d.period_start === `${day}T00:00:00`);
  expect(found, `${community} ${day}`).toHaveLength(1);
  return found[0];
}

/** What the fixture gives, by hand. */
function checkByHand(documents: readonly UsageDeltaDocument[]): void {
  expect(documents.map((d) => `${d.community_id} ${d.period_start.slice(0, 10)}`)).toEqual([
    "c-bio 2025-06-04",
    "c-bio 2025-06-05",
    "c-eng 2025-06-04",
    "c-eng 2025-06-05",
    "global 2025-06-04",
    "global 2025-06-05",
  ]);
  // 2025-06-04: two views of abcde-12345, one of fghij-67890 at 23:59:59 (the robot's is not counted), one download.
  const global4 = find(documents, "global", "2025-06-04");
  expect(global4.totals).toEqual({ view: views(3, 2, 2, 1), download: downloads(1, 1, 1, 1, 1, 1024) });
  const items = (key: string) => global4.subcounts[key].map((item) => [item.id, item.label, item.view.total_events, item.download.total_events]);
  // The download carries the id without its title: it votes for the records' label.
  expect(items("resource_types")).toEqual([["publication-article", { de: "Zeitschriftenartikel", en: "Journal article" }, 3, 1]]);
  expect(items("access_statuses")).toEqual([
    ["open", "open", 2, 1],
    ["restricted", "restricted", 1, 0],
  ]);
  expect(items("funders")).toEqual([["00k4n6c32", "European Commission", 2, 1]]);
  // fghij-67890's creator names the affiliation by id alone: CERN's name comes from the other version.
  expect(items("affiliations")).toEqual([
    ["01ggx4157", "CERN", 3, 1],
    ["Lab B", "Lab B", 2, 1],
  ]);
  expect(items("file_types")).toEqual([
    ["pdf", "pdf", 3, 1],
    ["csv", "csv", 2, 0],
  ]);
  expect(items("countries")).toEqual([
    ["DE", "DE", 2, 1],
    ["US", "US", 1, 0],
  ]);
  expect(items("periodicals")).toEqual([["Journal of Tests", "Journal of Tests", 3, 1]]);
  expect(items("publishers")).toEqual([["Zenodo", "Zenodo", 3, 1]]);
  expect(items("languages")).toEqual([["eng", { en: "English" }, 3, 1]]);
  expect(items("rights")).toEqual([["cc-by-4.0", { en: "Creative Commons Attribution 4.0 International" }, 3, 1]]);
  // abcde-12345 joined c-bio on 2025-06-05 (membership); fghij-67890 has no membership
  // events: its current communities count. The download names c-eng itself.
  expect(find(documents, "c-bio", "2025-06-04").totals).toEqual({ view: views(1, 1, 1, 1), download: downloads(0, 0, 0, 0, 0, 0) });
  expect(find(documents, "c-eng", "2025-06-04").totals).toEqual({ view: views(3, 2, 2, 1), download: downloads(1, 1, 1, 1, 1, 1024) });
  expect(find(documents, "c-bio", "2025-06-05").totals).toEqual({ view: views(1, 1, 1, 1), download: downloads(2, 2, 2, 1, 2, 3072) });
  expect(find(documents, "c-eng", "2025-06-05").totals).toEqual({ view: views(1, 1, 1, 1), download: downloads(2, 2, 2, 1, 2, 3072) });
  // klmno-24680 (metadata-only, no community) counts in global only.
  const global5 = find(documents, "global", "2025-06-05");
  expect(global5.totals).toEqual({ view: views(2, 2, 2, 2), download: downloads(2, 2, 2, 1, 2, 3072) });
  // open: 2 events; metadata-only and restricted: 1 each, in id order.
  expect(global5.subcounts.access_statuses.map((item) => item.id)).toEqual(["open", "metadata-only", "restricted"]);
}

const expected = referenceAggregate(INPUT);

describe("InvenioRDM-shaped fixtures, from files", () => {
  it("the reference gives the numbers computed by hand", () => {
    checkByHand(expected.documents);
  });

  it("the engine gives the reference's documents (memory and parallel)", async () => {
    for (const options of [testEngineOptions(), testEngineOptions({ backend: "parallel", threads: 2, chunkSize: 2 })]) {
      const { documents, summary } = await runAggregation(createFileEventSource(datasetFiles(DIR)), options);
      expect(canonical(documents)).toBe(canonical(expected.documents));
      expect(summary.counts.unknownRecord).toBe(0);
      expect(summary.counts.droppedRobot).toBe(1);
    }
  });
});

describeWithOpenSearch("InvenioRDM-shaped fixtures, from OpenSearch", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("ud-rdm")}-`;

  beforeAll(async () => {
    const events = { timestamp: { type: "date" as const, format: "strict_date_hour_minute_second" } };
    const create = (index: string, alias: string, properties: Record<string, never> | Record<string, object>) =>
      client.indices.create({ index, body: { settings: { number_of_replicas: 0 }, mappings: { properties: properties as never }, aliases: { [alias]: {} } } });
    await create(`${prefix}events-stats-record-view-2025-06`, `${prefix}events-stats-record-view`, events);
    await create(`${prefix}events-stats-file-download-2025-06`, `${prefix}events-stats-file-download`, events);
    await create(`${prefix}stats-community-events-2025`, `${prefix}stats-community-events`, {});
    // File names are keys of files.entries (dots in them): stored, not mapped, as InvenioRDM does.
    await create(`${prefix}rdmrecords-records-record-v7.0.0`, `${prefix}rdmrecords-records`, {
      id: { type: "keyword" },
      files: { properties: { entries: { type: "object", enabled: false } } },
      custom_fields: { type: "object", enabled: false },
    });
    const operations: unknown[] = [];
    const put = (alias: string, docs: readonly unknown[]) =>
      docs.forEach((doc, i) => operations.push({ index: { _index: `${prefix}${alias}`, _id: `${alias}-${i}` } }, doc));
    put(
      "events-stats-record-view",
      INPUT.views.map((line) => JSON.parse(line) as unknown),
    );
    put(
      "events-stats-file-download",
      INPUT.downloads.map((line) => JSON.parse(line) as unknown),
    );
    put("stats-community-events", INPUT.membership);
    put("rdmrecords-records", INPUT.records);
    const { body } = await client.bulk({ body: operations as never, refresh: true });
    expect(body.errors).toBe(false);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.close();
  });

  it("the engine reading OpenSearch gives the reference's documents", async () => {
    const { documents, summary } = await runAggregation(createOpenSearchEventSource({ client, url, indexPrefix: prefix }), testEngineOptions());
    expect(summary.records).toBe(3);
    expect(canonical(documents)).toBe(canonical(expected.documents));
  });
});
