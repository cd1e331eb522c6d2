// The SPEC's order of a document's subcount items (build-documents.ts finish): total
// events, most first, then id in code-unit order, at small counts and at counts near 2^52.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPE } from "../../src/columnar/encoded-chunk.js";
import { buildDocuments } from "../../src/documents/build-documents.js";
import { facetIdText } from "../../src/model/facet-text.js";
import { FACETS } from "../../src/model/facets.js";
import { zeroedItemMetrics } from "../../src/model/group-types.js";

const PUBLISHERS = FACETS.findIndex((facet) => facet.key === "publishers");

/** One community, one day: an item per id of the publishers key, with `events` view and download events. */
function documentOf(ids: readonly string[], views: readonly number[], downloads: readonly number[]) {
  const n = ids.length * 2;
  const metrics = zeroedItemMetrics(n);
  for (let j = 0; j < n; j++) {
    metrics.facet[j] = j >> 1;
    metrics.type[j] = j & 1 ? EVENT_TYPE.download : EVENT_TYPE.view;
    metrics.events[j] = j & 1 ? downloads[j >> 1] : views[j >> 1];
  }
  const plan = { communities: ["c"], startDay: 0, dayCount: 1, facetIds: ids.map((id) => facetIdText(PUBLISHERS, id)), labels: new Map(), timestamp: "t" };
  return buildDocuments([metrics], plan)[0];
}

function expectSpecOrder(ids: readonly string[], views: readonly number[], downloads: readonly number[]): void {
  const listed = documentOf(ids, views, downloads).subcounts.publishers.map((item) => item.id);
  const expected = ids
    .map((id, j) => ({ id, events: views[j] + downloads[j] }))
    .sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((item) => item.id);
  expect(listed).toEqual(expected);
}

describe("subcount items", () => {
  it("come by total events, most first, then by id", () => {
    const ids = fc.uniqueArray(fc.string({ unit: fc.constantFrom("a", "B", "é", "0", "😀"), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(ids, fc.array(fc.nat(5), { minLength: 80, maxLength: 80 }), fc.boolean(), (list, counts, huge) => {
        // Huge: events near 2^52, where a sum or a difference of counts is no longer exact in a narrower type.
        const scale = huge ? 2 ** 49 : 1;
        const views = list.map((_id, j) => counts[j] * scale);
        const downloads = list.map((_id, j) => counts[40 + j] * scale);
        expectSpecOrder(list, views, downloads);
      }),
      { numRuns: 500 },
    );
  });
});
