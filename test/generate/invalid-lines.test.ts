// With invalidRate > 0, exactly round(events * rate) event lines are malformed, of every
// kind SPEC section 5 rejects, each really rejected by an independent reading of the
// rules; the other lines are untouched.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCatalog } from "../../src/generate/catalog.js";
import { generateEventLines } from "../../src/generate/event-lines.js";
import type { InvalidKind } from "../../src/generate/invalid-lines.js";
import { REJECT_REASONS } from "../../src/model/reject-reasons.js";
import { generateInTemp, type GeneratedFiles } from "./dataset-fixture.js";
import { rejectReason } from "./event-validity.js";

const EVENTS = 10_000;
const RATE = 0.04;

const REASON_OF_KIND: Record<InvalidKind, string> = {
  "truncated-json": REJECT_REASONS.invalidJson,
  "not-an-object": REJECT_REASONS.notAnObject,
  "missing-timestamp": REJECT_REASONS.invalidTimestamp,
  "invalid-timestamp": REJECT_REASONS.invalidTimestamp,
  "missing-recid": REJECT_REASONS.missingRecid,
  "negative-size": REJECT_REASONS.invalidSize,
  "non-numeric-size": REJECT_REASONS.invalidSize,
  "unknown-type": REJECT_REASONS.unknownType,
};

describe("invalid event lines", () => {
  let withInvalid: GeneratedFiles;
  let clean: GeneratedFiles;

  beforeAll(async () => {
    withInvalid = await generateInTemp({ events: EVENTS, seed: 9, invalidRate: RATE });
    clean = await generateInTemp({ events: EVENTS, seed: 9 });
  });
  afterAll(async () => {
    await Promise.all([withInvalid?.remove(), clean?.remove()]);
  });

  it("writes round(events * invalidRate) lines that the SPEC rejects, and only those", () => {
    const rejected = [
      ...withInvalid.lines.views.filter((line) => rejectReason(line, "view") !== null),
      ...withInvalid.lines.downloads.filter((line) => rejectReason(line, "download") !== null),
    ];
    expect(rejected.length).toBe(Math.round(EVENTS * RATE));
    expect(withInvalid.summary.invalidLines).toBe(rejected.length);
    expect(withInvalid.lines.views.length + withInvalid.lines.downloads.length).toBe(EVENTS);
    expect(withInvalid.summary.views + withInvalid.summary.downloads + withInvalid.summary.invalidLines).toBe(EVENTS);
    expect(clean.lines.views.every((line) => rejectReason(line, "view") === null)).toBe(true);
    expect(clean.lines.downloads.every((line) => rejectReason(line, "download") === null)).toBe(true);
  });

  it("replaces lines in place: every other line is the one a clean run writes there", () => {
    for (const file of ["views", "downloads"] as const) {
      const type = file === "views" ? "view" : "download";
      expect(withInvalid.lines[file].length).toBe(clean.lines[file].length);
      withInvalid.lines[file].forEach((line, i) => {
        if (rejectReason(line, type) === null) expect(line).toBe(clean.lines[file][i]);
        else expect(line).not.toBe(clean.lines[file][i]);
      });
    }
  });

  it("mixes every kind, each rejected for its own reason", () => {
    const catalog = generateCatalog({ seed: 4, start: "2025-01-01", days: 10, communities: 4, records: 300 });
    const seen = new Map<InvalidKind, number>();
    let invalid = 0;
    for (const { line, invalid: kind, event } of generateEventLines(catalog, { events: 8000, invalidRate: 0.05 })) {
      const reason = rejectReason(line, event.type);
      if (kind === null) {
        expect(reason, line).toBeNull();
        continue;
      }
      invalid++;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      expect(reason, `${kind}: ${line}`).toBe(REASON_OF_KIND[kind]);
      if (kind === "negative-size" || kind === "non-numeric-size") expect(event.type).toBe("download");
    }
    expect(invalid).toBe(400);
    expect([...seen.keys()].sort()).toEqual(Object.keys(REASON_OF_KIND).sort());
  });
});
