// Hand-made cases from real InvenioRDM data (issue 14): a record id that comes twice,
// events that carry a vocabulary id without its title. Expectations by hand.

import { expect } from "vitest";
import type { ReferenceCase } from "./cases.js";

const line = (event: Record<string, unknown>) => JSON.stringify(event);

const duplicateRecordIds: ReferenceCase = {
  name: "a record id that comes twice: the later copy wins and the superseded copy leaves no trace (communities, facets, parent)",
  input: {
    views: [
      line({ timestamp: "2025-06-04T10:00:00", recid: "r1", visitor_id: "v1" }),
      line({ timestamp: "2025-06-04T11:00:00", recid: "r2", visitor_id: "v2" }),
    ],
    downloads: [],
    records: [
      { id: "r1", parent: { id: "p-old", communities: { ids: ["c-superseded", "c1"] } }, metadata: { resource_type: { id: "dataset", title: { en: "Dataset" } }, publisher: "Old Pub" } },
      { id: "r2", parent: { id: "p2", communities: { ids: ["c2"] } } },
      { id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } }, metadata: { resource_type: { id: "software", title: { en: "Software" } } } },
      { id: "r2", parent: { id: "p2", communities: { ids: [] } } },
    ],
    membership: [],
  },
  check(result) {
    expect(result.rejects).toEqual([]);
    // Neither c-superseded nor c2 (named only by superseded copies) gets documents.
    expect(result.documents.map((d) => d.community_id)).toEqual(["c1", "global"]);
    const [c1, global] = result.documents;
    expect(c1.totals.view).toEqual({ total_events: 1, unique_visitors: 1, unique_records: 1, unique_parents: 1 });
    expect(global.totals.view).toEqual({ total_events: 2, unique_visitors: 2, unique_records: 2, unique_parents: 2 });
    expect(global.subcounts.resource_types.map((item) => [item.id, item.label])).toEqual([["software", { en: "Software" }]]);
    expect(global.subcounts.publishers).toEqual([]);
  },
};

export const FIDELITY_CASES: ReferenceCase[] = [duplicateRecordIds];
