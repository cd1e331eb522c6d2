// `generate --to-opensearch`: the templates are the dashboard's (without `analysis`,
// with 0 replicas), a dataset with malformed lines lands in InvenioRDM-shaped indices,
// what the strict mappings refuse is counted, and the indexed dataset aggregates to the
// same documents as its files (every malformed line is rejected on both sides).

import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import type { RejectedLine } from "../../src/model/chunk-types.js";
import { generateDataset, type GenerateSummary } from "../../src/generate/generate-dataset.js";
import { eventTemplate, membershipTemplate } from "../../src/generate/opensearch-templates.js";
import { indexDatasetToOpenSearch, type IndexDatasetReport } from "../../src/generate/to-opensearch.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { createFileEventSource } from "../../src/sources/file-event-source.js";
import { createOpenSearchEventSource } from "../../src/sources/opensearch-event-source.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { testEngineOptions } from "../support/engine-options.js";

const REFERENCE = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "dashboard-templates");

/** The reference template as we install it: no `analysis`, `replicas` replicas. */
function reference(file: string, prefix: string, replicas: number): Record<string, unknown> {
  const template = JSON.parse(readFileSync(join(REFERENCE, file), "utf8").replaceAll("__SEARCH_INDEX_PREFIX__", prefix));
  delete template.template.settings.analysis;
  template.template.settings.index.number_of_replicas = replicas;
  return template;
}

describe("generated index templates", () => {
  it("are the dashboard's event templates", () => {
    expect(eventTemplate("p-", "record-view", 1)).toEqual(reference("record-view-v2.0.0.json", "p-", 1));
    expect(eventTemplate("", "file-download", 0)).toEqual(reference("file-download-v2.0.0.json", "", 0));
  });

  it("is the dashboard's membership template", () => {
    expect(membershipTemplate("inst-", 0)).toEqual(reference("stats-community-events-v1.0.0.json", "inst-", 0));
  });
});

const OPTIONS = testEngineOptions();

function comparable(documents: UsageDeltaDocument[]): unknown[] {
  return documents.map(({ timestamp: _ignored, ...rest }) => rest);
}

describeWithOpenSearch("generate --to-opensearch", () => {
  const client = makeTestClient();
  const url = opensearchUrl() ?? "";
  const prefix = `${uniqueIndexName("ud-gen")}-`;
  let dir = "";
  let generated: GenerateSummary;
  let report: IndexDatasetReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-os-generate-"));
    generated = await generateDataset({ outDir: dir, events: 3000, seed: 3, days: 40, invalidRate: 0.05 });
    report = await indexDatasetToOpenSearch({ client, url, dir, indexPrefix: prefix });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, expand_wildcards: "all" }).catch(() => {});
    await client.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => {});
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("accounts for every line", () => {
    const { views, downloads } = report;
    expect(views.lines + downloads.lines).toBe(3000);
    expect(views.indexed + views.refused + views.skipped).toBe(views.lines);
    expect(downloads.indexed + downloads.refused + downloads.skipped).toBe(downloads.lines);
    // Only malformed lines are refused or skipped; some malformed ones fit the mapping.
    const lost = views.refused + views.skipped + downloads.refused + downloads.skipped;
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(generated.invalidLines);
    expect(report.records.indexed).toBe(generated.records);
    expect(report.membership.indexed).toBe(generated.membershipEvents);
    expect(report.views.failures[0]?.reason).toMatch(/timestamp|strict/);
  });

  it("shapes the indices like InvenioRDM's: monthly event indices behind the aliases, strict mappings", async () => {
    expect(report.indices).toEqual(
      expect.arrayContaining([
        `${prefix}events-stats-record-view-2025-01`,
        `${prefix}events-stats-record-view-2025-02`,
        `${prefix}events-stats-file-download-2025-01`,
        `${prefix}rdmrecords-records-record-v1.0.0`,
      ]),
    );
    const { body: aliases } = await client.indices.getAlias({ index: `${prefix}events-stats-record-view-2025-01` });
    expect(Object.keys(aliases[`${prefix}events-stats-record-view-2025-01`].aliases)).toEqual([`${prefix}events-stats-record-view`]);
    const { body: mapping } = await client.indices.getMapping({ index: `${prefix}events-stats-file-download-2025-01` });
    expect(mapping[`${prefix}events-stats-file-download-2025-01`].mappings.dynamic).toBe("strict");
    const { body: settings } = await client.indices.getSettings({ index: `${prefix}events-stats-record-view-2025-01` });
    expect(settings[`${prefix}events-stats-record-view-2025-01`].settings?.index?.refresh_interval).toBe("5s");
    const { body: count } = await client.count({ index: `${prefix}stats-community-events` });
    expect(count.count).toBe(generated.membershipEvents);
  });

  it("aggregates to the files' documents; the indexed malformed events are the OpenSearch rejects", async () => {
    const fileRejects: RejectedLine[] = [];
    const osRejects: RejectedLine[] = [];
    const files = createFileEventSource({
      views: [join(dir, "views.ndjson")],
      downloads: [join(dir, "downloads.ndjson")],
      records: join(dir, "records.ndjson"),
      membership: join(dir, "membership.ndjson"),
    });
    const expected = await runAggregation(files, OPTIONS, { onReject: (reject) => fileRejects.push(reject) });
    const actual = await runAggregation(createOpenSearchEventSource({ client, url, indexPrefix: prefix }), OPTIONS, {
      onReject: (reject) => osRejects.push(reject),
    });
    expect(comparable(actual.documents)).toEqual(comparable(expected.documents));
    expect(fileRejects).toHaveLength(generated.invalidLines);
    const notIndexed = report.views.refused + report.views.skipped + report.downloads.refused + report.downloads.skipped;
    expect(osRejects).toHaveLength(generated.invalidLines - notIndexed);
    // An indexed document is the file line of its id (views-12: line 12 of views.ndjson).
    const fileReason = new Map(fileRejects.map((r) => [`${r.source.endsWith("views.ndjson") ? "views" : "downloads"}-${r.line}`, r.reason]));
    for (const reject of osRejects) expect(reject.reason).toBe(fileReason.get(String(reject.line)));
  });
});
