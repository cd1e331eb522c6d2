// The building blocks without files: generateEvents yields exactly the requested events in
// time order, and eventLine is exactly the JSON text of eventDocument.

import { describe, expect, it } from "vitest";
import { generateCatalog } from "../../src/generate/catalog.js";
import { eventDocument } from "../../src/generate/event-document.js";
import { eventLine } from "../../src/generate/event-line.js";
import { generateEvents } from "../../src/generate/events.js";

describe("generateEvents", () => {
  const catalog = generateCatalog({ seed: 21, start: "2024-02-27", days: 4, communities: 3, records: 200 });

  it("yields exactly the requested number of events, in time order", () => {
    for (const events of [0, 1, 7, 5000]) {
      const timestamps = [...generateEvents(catalog, { events })].map((event) => eventDocument(event).timestamp);
      expect(timestamps.length).toBe(events);
      expect(timestamps).toEqual([...timestamps].sort());
    }
  });

  it("serializes each event to the JSON text of its document", () => {
    let enriched = 0;
    for (const event of generateEvents(catalog, { events: 5000 })) {
      const doc = eventDocument(event);
      expect(eventLine(event)).toBe(JSON.stringify(doc));
      if (doc.community_ids !== undefined) enriched++;
    }
    expect(enriched).toBeGreaterThan(1500);
  });

  it("passes the leap day of the period", () => {
    const days = new Set([...generateEvents(catalog, { events: 2000 })].map((event) => event.timestamp.slice(0, 10)));
    expect([...days].sort()).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
  });

  it("can enrich none or all of the events", () => {
    const none = [...generateEvents(catalog, { events: 500, enrichedShare: 0 })];
    const all = [...generateEvents(catalog, { events: 500, enrichedShare: 1 })];
    expect(none.every((event) => event.enrichment === null)).toBe(true);
    expect(all.every((event) => event.enrichment !== null)).toBe(true);
  });
});
