// Every event line has the SPEC 1.1 fields in the invenio-stats shapes; downloads match
// their record's files; timestamps stay in [start, start + days) and touch both ends of
// a day; popularity is skewed like real traffic.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInTemp, parseObjects, type GeneratedFiles } from "./dataset-fixture.js";
import { isTimestamp } from "./event-validity.js";

type Json = Record<string, unknown>;

const START = "2025-03-30"; // spans a month end
const DAYS = 7;
const HEX56 = /^[0-9a-f]{56}$/;

function counts(values: unknown[]): number[] {
  const byValue = new Map<unknown, number>();
  for (const value of values) byValue.set(value, (byValue.get(value) ?? 0) + 1);
  return [...byValue.values()].sort((a, b) => b - a);
}

describe("generated events", () => {
  let data: GeneratedFiles;
  let views: Json[];
  let downloads: Json[];
  let records: Map<unknown, Json>;

  beforeAll(async () => {
    data = await generateInTemp({ events: 15_000, seed: 11, start: START, days: DAYS });
    views = parseObjects(data.lines.views);
    downloads = parseObjects(data.lines.downloads);
    records = new Map(parseObjects(data.lines.records).map((record) => [record.id, record]));
  });
  afterAll(() => data?.remove());

  it("gives every event the SPEC fields with their types", () => {
    for (const event of [...views, ...downloads]) {
      expect(isTimestamp(event.timestamp), String(event.timestamp)).toBe(true);
      expect(String(event.timestamp)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const recid = event.recid ?? event.record_id;
      expect(typeof recid).toBe("string");
      expect(String(event.visitor_id)).toMatch(HEX56);
      expect(String(event.unique_session_id)).toMatch(HEX56);
      expect(event.country === null || /^[A-Z]{2}$/.test(String(event.country))).toBe(true);
      expect(event.referrer === null || typeof event.referrer === "string").toBe(true);
      for (const flag of ["is_robot", "is_machine", "via_api"]) expect(typeof event[flag]).toBe("boolean");
      expect(event.type).toBeUndefined();
    }
    for (const view of views) {
      expect(view.unique_id).toBe(`ui_${String(view.recid ?? view.record_id)}`);
      expect(view.size).toBeUndefined();
    }
  });

  it("gives downloads size, file_id, file_key and bucket_id matching the record's files", () => {
    let checked = 0;
    for (const download of downloads) {
      expect(Number.isSafeInteger(download.size) && (download.size as number) >= 0).toBe(true);
      for (const field of ["file_id", "file_key", "bucket_id"]) expect(typeof download[field]).toBe("string");
      expect(download.unique_id).toBe(`${String(download.bucket_id)}_${String(download.file_id)}`);
      const record = records.get(download.recid ?? download.record_id);
      const files = record?.files as { entries?: Record<string, { size: number; file_id: string }> } | undefined;
      const entry = files?.entries?.[String(download.file_key)];
      if (record === undefined || files?.entries === undefined) continue;
      expect(entry, String(download.file_key)).toBeDefined();
      expect(entry?.size).toBe(download.size);
      expect(entry?.file_id).toBe(download.file_id);
      checked++;
    }
    expect(checked).toBeGreaterThan(downloads.length * 0.7);
  });

  it("keeps timestamps inside the period, with events at 00:00:00 and 23:59:59", () => {
    const all = [...views, ...downloads].map((event) => String(event.timestamp));
    const end = new Date(Date.parse(`${START}T00:00:00Z`) + DAYS * 86_400_000).toISOString().slice(0, 19);
    for (const timestamp of all) {
      expect(timestamp >= `${START}T00:00:00`).toBe(true);
      expect(timestamp < end).toBe(true);
    }
    expect(new Set(all.map((timestamp) => timestamp.slice(0, 10))).size).toBe(DAYS);
    expect(all.some((timestamp) => timestamp.endsWith("T00:00:00"))).toBe(true);
    expect(all.some((timestamp) => timestamp.endsWith("T23:59:59"))).toBe(true);
  });

  it("writes each file in time order", () => {
    for (const events of [views, downloads]) {
      const timestamps = events.map((event) => String(event.timestamp));
      expect(timestamps).toEqual([...timestamps].sort());
    }
  });

  it("uses the older id field names on some events and leaves the parent off a few", () => {
    const all = [...views, ...downloads];
    const legacyRecid = all.filter((event) => "record_id" in event && !("recid" in event)).length;
    const legacyParent = all.filter((event) => "parent_id" in event).length;
    const noParent = all.filter((event) => !("parent_id" in event) && !("parent_recid" in event)).length;
    const current = all.filter((event) => "recid" in event && "parent_recid" in event).length;
    expect(current / all.length).toBeGreaterThan(0.85);
    for (const count of [legacyRecid, legacyParent, noParent]) expect(count).toBeGreaterThan(0);
  });

  it("skews record and visitor popularity: a few take many events, many take one", () => {
    const all = [...views, ...downloads];
    const perRecord = counts(all.map((event) => event.recid ?? event.record_id));
    expect(perRecord[0]).toBeGreaterThan(20 * perRecord[Math.floor(perRecord.length / 2)]);
    const perVisitorDay = counts(all.map((event) => `${String(event.visitor_id)}`));
    expect(perVisitorDay[0]).toBeGreaterThanOrEqual(15);
    expect(perVisitorDay.filter((n) => n === 1).length).toBeGreaterThan(perVisitorDay.length * 0.2);
    expect(all.length / perVisitorDay.length).toBeGreaterThan(1.5);
  });

  it("gives enriched events older labels for some ids, so label votes disagree", () => {
    const titles = new Map<string, Set<string>>();
    for (const event of [...views, ...downloads]) {
      const type = event.resource_type as { id: string; title: unknown } | undefined;
      if (type === undefined) continue;
      const seen = titles.get(type.id) ?? new Set<string>();
      seen.add(JSON.stringify(type.title));
      titles.set(type.id, seen);
    }
    expect([...titles.values()].some((seen) => seen.size > 1)).toBe(true);
  });

  it("gives enriched downloads the downloaded file's type", () => {
    const enriched = downloads.filter((event) => Array.isArray(event.file_types));
    expect(enriched.length).toBeGreaterThan(0);
    for (const download of enriched) {
      const key = String(download.file_key);
      expect(download.file_types).toEqual([key.slice(key.lastIndexOf(".") + 1).toLowerCase()]);
    }
  });
});
