// The repetitive data shape: a few hundred records over ten days, a few of them taking
// most events, so that the same record is read hundreds of times a day at 1M events.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInTemp, parseObjects, type GeneratedFiles } from "./dataset-fixture.js";

const EVENTS = 20_000;

describe("generate --shape repetitive", () => {
  let data: GeneratedFiles;
  let events: Record<string, unknown>[];

  beforeAll(async () => {
    data = await generateInTemp({ events: EVENTS, seed: 3, shape: "repetitive" });
    events = parseObjects([...data.lines.views, ...data.lines.downloads]);
  });
  afterAll(async () => {
    await data?.remove();
  });

  it("has 400 records over 10 days", () => {
    expect(data.summary.records).toBe(400);
    expect(data.lines.records).toHaveLength(400);
    expect(events).toHaveLength(EVENTS);
    expect(new Set(events.map((event) => String(event.timestamp).slice(0, 10))).size).toBe(10);
  });

  it("repeats records and visitors", () => {
    const perRecordDay = new Map<string, number>();
    const perRecord = new Map<string, number>();
    const visitors = new Set<unknown>();
    for (const event of events) {
      const recid = String(event.recid ?? event.record_id);
      const key = `${recid} ${String(event.timestamp).slice(0, 10)}`;
      perRecordDay.set(key, (perRecordDay.get(key) ?? 0) + 1);
      perRecord.set(recid, (perRecord.get(recid) ?? 0) + 1);
      visitors.add(event.visitor_id);
    }
    // 2,000 events a day over 400 records: the busiest record takes far more than its share.
    expect(Math.max(...perRecordDay.values())).toBeGreaterThan(100);
    const top = [...perRecord.values()].sort((a, b) => b - a).slice(0, 20);
    expect(top.reduce((a, b) => a + b, 0)).toBeGreaterThan(EVENTS * 0.3);
    // Visitors come back: far fewer (daily) visitor ids than events.
    expect(visitors.size).toBeLessThan(EVENTS / 4);
  });

  it("leaves the default shape alone", async () => {
    const plain = await generateInTemp({ events: 3000, seed: 3 });
    const named = await generateInTemp({ events: 3000, seed: 3, shape: "default" });
    try {
      expect(named.lines.views.join("\n")).toBe(plain.lines.views.join("\n"));
      expect(plain.summary.records).toBe(150);
    } finally {
      await Promise.all([plain.remove(), named.remove()]);
    }
  });
});
