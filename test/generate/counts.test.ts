// The summary agrees with the files, and the shares the generator promises hold: a third
// downloads, 2-5% robots, ~40% enriched, some unknown records.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInTemp, parseObjects, type GeneratedFiles } from "./dataset-fixture.js";

const EVENTS = 20_000;

describe("generateDataset counts", () => {
  let data: GeneratedFiles;
  let views: Record<string, unknown>[];
  let downloads: Record<string, unknown>[];

  beforeAll(async () => {
    data = await generateInTemp({ events: EVENTS, seed: 3 });
    views = parseObjects(data.lines.views);
    downloads = parseObjects(data.lines.downloads);
  });
  afterAll(() => data?.remove());

  it("writes exactly `events` event lines, split as the summary says", () => {
    expect(data.lines.views.length).toBe(data.summary.views);
    expect(data.lines.downloads.length).toBe(data.summary.downloads);
    expect(data.summary.views + data.summary.downloads).toBe(EVENTS);
    expect(data.summary.invalidLines).toBe(0);
    expect(data.lines.records.length).toBe(data.summary.records);
    expect(data.lines.membership.length).toBe(data.summary.membershipEvents);
    expect(data.summary.files.map((file) => file.split(/[\\/]/).pop())).toEqual(["views.ndjson", "downloads.ndjson", "records.ndjson", "membership.ndjson"]);
  });

  it("uses the default record count max(50, round(events / 20))", () => {
    expect(data.summary.records).toBe(1000);
  });

  it("makes about a third of the events downloads", () => {
    const share = data.summary.downloads / EVENTS;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.37);
  });

  it("flags 2-5% of the events as robots, as counted in the files", () => {
    const robots = [...views, ...downloads].filter((event) => event.is_robot === true).length;
    expect(robots).toBe(data.summary.robotEvents);
    expect(robots / EVENTS).toBeGreaterThanOrEqual(0.02);
    expect(robots / EVENTS).toBeLessThanOrEqual(0.05);
  });

  it("enriches about 40% of the events, some with an empty community list", () => {
    const enriched = [...views, ...downloads].filter((event) => Array.isArray(event.community_ids));
    expect(enriched.length).toBe(data.summary.enrichedEvents);
    expect(enriched.length / EVENTS).toBeGreaterThan(0.35);
    expect(enriched.length / EVENTS).toBeLessThan(0.45);
    expect(enriched.some((event) => (event.community_ids as unknown[]).length === 0)).toBe(true);
    expect(enriched.filter((event) => event.resource_type !== undefined).length).toBeGreaterThan(enriched.length * 0.9);
    const bare = [...views, ...downloads].filter((event) => !("community_ids" in event) && !("resource_type" in event));
    expect(bare.length).toBe(EVENTS - enriched.length);
  });

  it("references records missing from records.ndjson in a few events", () => {
    const known = new Set(parseObjects(data.lines.records).map((record) => record.id));
    const unknown = [...views, ...downloads].filter((event) => !known.has(event.recid ?? event.record_id));
    expect(unknown.length).toBe(data.summary.unknownRecordEvents);
    expect(unknown.length / EVENTS).toBeGreaterThan(0.002);
    expect(unknown.length / EVENTS).toBeLessThan(0.01);
  });
});
