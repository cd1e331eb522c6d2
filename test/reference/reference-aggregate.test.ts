// The reference implementation against the hand-made cases, plus properties of the
// reference itself on random datasets (shape, bounds, completeness, invariances).

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DownloadMetrics, SubcountItem, UsageDeltaDocument } from "../../src/model/document.js";
import { FACETS } from "../../src/model/facets.js";
import { REFERENCE_CASES } from "./cases.js";
import { datasetArbitrary, optionsArbitrary } from "./dataset-arbitrary.js";
import { canonicalJson, referenceAggregate, writeDatasetFiles } from "./reference-aggregate.js";
import type { ReferenceOptions } from "./reference-types.js";

const KEYS = FACETS.map((facet) => facet.key);
const METRICS: (keyof DownloadMetrics)[] = ["total_events", "unique_visitors", "unique_records", "unique_parents", "unique_files", "total_volume"];
const RUNS = { numRuns: 200 };
const dataset = datasetArbitrary({ invalid: true });

function itemTotal(item: SubcountItem): number {
  return item.view.total_events + item.download.total_events;
}

function withoutLabels(document: UsageDeltaDocument): UsageDeltaDocument {
  const subcounts: Record<string, SubcountItem[]> = {};
  for (const key of KEYS) subcounts[key] = document.subcounts[key].map((item) => ({ ...item, label: "" }));
  return { ...document, subcounts };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe("reference: hand-made cases", () => {
  for (const testCase of REFERENCE_CASES) {
    it(testCase.name, () => {
      const { documents, rejects } = referenceAggregate(testCase.input, testCase.options);
      testCase.check({ documents, rejects });
    });
  }
});

describe("reference: properties", () => {
  it("every document has the ten keys in order, exact metric fields and sorted, distinct, non-empty items", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        for (const document of referenceAggregate(input, options).documents) {
          expect(Object.keys(document)).toEqual(["community_id", "period_start", "period_end", "timestamp", "totals", "subcounts"]);
          expect(Object.keys(document.subcounts)).toEqual(KEYS);
          expect(Object.keys(document.totals.download)).toEqual(METRICS);
          for (const key of KEYS) {
            const items = document.subcounts[key];
            expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
            items.forEach((item, index) => {
              expect(itemTotal(item)).toBeGreaterThan(0);
              if (index === 0) return;
              const previous = items[index - 1];
              const ordered = itemTotal(previous) > itemTotal(item) || (itemTotal(previous) === itemTotal(item) && previous.id < item.id);
              expect(ordered).toBe(true);
            });
          }
        }
      }),
      RUNS,
    );
  });

  it("item metrics never exceed the document totals of that type", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        for (const document of referenceAggregate(input, options).documents) {
          for (const key of KEYS) {
            for (const item of document.subcounts[key]) {
              for (const metric of METRICS) {
                expect(item.download[metric]).toBeLessThanOrEqual(document.totals.download[metric]);
                if (metric in item.view) {
                  const viewMetric = metric as keyof typeof item.view;
                  expect(item.view[viewMetric]).toBeLessThanOrEqual(document.totals.view[viewMetric]);
                }
              }
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("global counts every counted event once; the summary accounts for every non-blank line", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        const { documents, rejects, counts } = referenceAggregate(input, options);
        const global = documents.filter((d) => d.community_id === "global");
        const events = global.reduce((sum, d) => sum + d.totals.view.total_events + d.totals.download.total_events, 0);
        expect(events).toBe(counts.counted);
        expect(rejects).toHaveLength(counts.rejected);
        const dropped = counts.rejected + counts.outsideRange + counts.droppedRobot + counts.droppedMachine + counts.droppedApi;
        expect(counts.read.view + counts.read.download).toBe(dropped + counts.counted);
        const nonBlank = [...input.views, ...input.downloads].filter((text) => text.trim() !== "").length;
        expect(counts.read.view + counts.read.download).toBe(nonBlank);
      }),
      RUNS,
    );
  });

  it("a community's numbers never exceed global's on the same day", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        const { documents } = referenceAggregate(input, options);
        const global = new Map(documents.filter((d) => d.community_id === "global").map((d) => [d.period_start, d]));
        for (const document of documents) {
          const day = global.get(document.period_start);
          expect(day).toBeDefined();
          if (day === undefined) continue;
          for (const metric of METRICS) expect(document.totals.download[metric]).toBeLessThanOrEqual(day.totals.download[metric]);
          expect(document.totals.view.total_events).toBeLessThanOrEqual(day.totals.view.total_events);
          expect(document.totals.view.unique_visitors).toBeLessThanOrEqual(day.totals.view.unique_visitors);
        }
      }),
      RUNS,
    );
  });

  it("every day of the range is present, once, for every community, in order", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        const { documents } = referenceAggregate(input, options);
        const byCommunity = new Map<string, string[]>();
        for (const document of documents) {
          const days = byCommunity.get(document.community_id) ?? [];
          days.push(document.period_start.slice(0, 10));
          byCommunity.set(document.community_id, days);
          expect(document.period_end).toBe(`${document.period_start.slice(0, 10)}T23:59:59`);
        }
        const communities = [...byCommunity.keys()];
        expect(communities).toEqual([...communities].sort());
        if (documents.length > 0) expect(communities).toContain("global");
        for (const community of options.communities ?? []) {
          if (documents.length > 0) expect(communities).toContain(community);
        }
        const globalDays = byCommunity.get("global") ?? [];
        for (const days of byCommunity.values()) {
          expect(days).toEqual(globalDays);
          for (let index = 1; index < days.length; index += 1) expect(days[index]).toBe(nextDay(days[index - 1]));
        }
        if (options.start !== undefined && globalDays.length > 0) expect(globalDays[0]).toBe(options.start);
        if (options.end !== undefined && globalDays.length > 0) expect(globalDays[globalDays.length - 1]).toBe(options.end);
        if (options.start !== undefined && options.end !== undefined) {
          expect(globalDays.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it("documents do not depend on the order of event lines", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        const reordered = { ...input, views: [...input.views].reverse(), downloads: [...input.downloads].reverse() };
        expect(referenceAggregate(reordered, options).documents).toEqual(referenceAggregate(input, options).documents);
      }),
      RUNS,
    );
  });

  it("an explicit community list gives the same documents for those communities (zeros for unknown ones)", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, fc.subarray(["c1", "c2", "c4", "cx", "c-old", "c-none"]), (input, options, chosen) => {
        const all = referenceAggregate(input, { ...options, communities: undefined }).documents;
        const some = referenceAggregate(input, { ...options, communities: chosen }).documents;
        const known = new Set(all.map((d) => d.community_id));
        const expected = all.filter((d) => d.community_id === "global" || chosen.includes(d.community_id));
        expect(some.filter((d) => known.has(d.community_id))).toEqual(expected);
        for (const document of some.filter((d) => !known.has(d.community_id))) {
          expect(document.totals.view.total_events + document.totals.download.total_events).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it("a day's numbers do not depend on the rest of the range (labels aside: they are voted over the run)", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        const full = referenceAggregate(input, options).documents;
        const days = [...new Set(full.map((d) => d.period_start.slice(0, 10)))];
        for (const day of days) {
          const single: ReferenceOptions = { ...options, start: day, end: day };
          const alone = referenceAggregate(input, single).documents.map(withoutLabels);
          expect(alone).toEqual(full.filter((d) => d.period_start.startsWith(day)).map(withoutLabels));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("including robots never lowers a total", () => {
    fc.assert(
      fc.property(dataset, optionsArbitrary, (input, options) => {
        const range = referenceAggregate(input, options).documents;
        if (range.length === 0) return;
        const bounds = { start: range[0].period_start.slice(0, 10), end: range[range.length - 1].period_start.slice(0, 10) };
        const without = referenceAggregate(input, { ...options, ...bounds, includeRobots: false }).documents;
        const withRobots = referenceAggregate(input, { ...options, ...bounds, includeRobots: true }).documents;
        without.forEach((document, index) => {
          expect(withRobots[index].totals.view.total_events).toBeGreaterThanOrEqual(document.totals.view.total_events);
          expect(withRobots[index].totals.download.total_events).toBeGreaterThanOrEqual(document.totals.download.total_events);
        });
      }),
      RUNS,
    );
  });
});

describe("reference helpers", () => {
  it("canonicalJson sorts keys recursively and keeps array order", () => {
    expect(canonicalJson({ en: "B", de: { z: 1, a: [2, { y: 0, b: null }] } })).toBe('{"de":{"a":[2,{"b":null,"y":0}],"z":1},"en":"B"}');
    expect(canonicalJson("x")).toBe('"x"');
  });

  it("writeDatasetFiles writes the four NDJSON files line for line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "reference-dataset-"));
    try {
      const input = { views: ["{}", "", "x"], downloads: [], records: [{ id: "r1" }], membership: [{ record_id: "r1" }] };
      await writeDatasetFiles(input, dir);
      expect(await readFile(join(dir, "views.ndjson"), "utf8")).toBe("{}\n\nx\n");
      expect(await readFile(join(dir, "downloads.ndjson"), "utf8")).toBe("");
      expect(await readFile(join(dir, "records.ndjson"), "utf8")).toBe('{"id":"r1"}\n');
      expect(await readFile(join(dir, "membership.ndjson"), "utf8")).toBe('{"record_id":"r1"}\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
