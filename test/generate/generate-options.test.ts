// generateDataset's options: defaults, and one validation at the boundary whose errors
// name the option.

import { describe, expect, it } from "vitest";
import { GenerateOptionError, resolveGenerateOptions } from "../../src/generate/generate-options.js";

describe("resolveGenerateOptions", () => {
  it("fills the defaults", () => {
    expect(resolveGenerateOptions({ outDir: "x", events: 2000 })).toEqual({
      outDir: "x",
      events: 2000,
      seed: 1,
      start: "2025-01-01",
      shape: "default",
      days: 30,
      communities: 8,
      records: 100,
      invalidRate: 0,
    });
    expect(resolveGenerateOptions({ outDir: "x", events: 10 }).records).toBe(50);
    expect(resolveGenerateOptions({ outDir: "x", events: 1e8 }).records).toBe(100_000);
    expect(resolveGenerateOptions({ outDir: "x", events: 1e8, records: 300_000 }).records).toBe(300_000);
  });

  it("takes the days and records of the repetitive shape unless given", () => {
    expect(resolveGenerateOptions({ outDir: "x", events: 1e6, shape: "repetitive" })).toMatchObject({ shape: "repetitive", days: 10, records: 400 });
    expect(resolveGenerateOptions({ outDir: "x", events: 1e6, shape: "repetitive", days: 3, records: 90 })).toMatchObject({ days: 3, records: 90 });
  });

  it.each([
    ["events", { events: -1 }],
    ["events", { events: 1.5 }],
    ["start", { start: "2025-02-30" }],
    ["start", { start: "1/2/2025" }],
    ["days", { days: 0 }],
    ["records", { records: 0 }],
    ["communities", { communities: -2 }],
    ["invalidRate", { invalidRate: 1.2 }],
    ["invalidRate", { invalidRate: Number.NaN }],
    ["seed", { seed: -1 }],
    ["shape", { shape: "dense" as "default" }],
  ])("rejects a bad %s", (option, patch) => {
    const call = () => resolveGenerateOptions({ outDir: "x", events: 10, ...patch });
    expect(call).toThrow(GenerateOptionError);
    expect(call).toThrow(`"${option}"`);
  });
});
