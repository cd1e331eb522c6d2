// The generator is a pure function of its options: same options, same bytes; another seed,
// another dataset.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateInTemp, type GeneratedFiles } from "./dataset-fixture.js";

const OPTIONS = { events: 6000, seed: 7, days: 10, invalidRate: 0.01 };

describe("generateDataset determinism", () => {
  let first: GeneratedFiles;
  let second: GeneratedFiles;
  let otherSeed: GeneratedFiles;

  beforeAll(async () => {
    first = await generateInTemp(OPTIONS);
    second = await generateInTemp(OPTIONS);
    otherSeed = await generateInTemp({ ...OPTIONS, seed: 8 });
  });
  afterAll(async () => {
    await Promise.all([first?.remove(), second?.remove(), otherSeed?.remove()]);
  });

  it("writes byte-identical files for the same options", () => {
    for (const file of ["views", "downloads", "records", "membership"] as const) {
      expect(first.lines[file].length).toBeGreaterThan(0);
      expect(second.lines[file].join("\n")).toBe(first.lines[file].join("\n"));
    }
    expect({ ...second.summary, files: [] }).toEqual({ ...first.summary, files: [] });
  });

  it("writes different data for another seed", () => {
    for (const file of ["views", "downloads", "records", "membership"] as const) {
      expect(otherSeed.lines[file].join("\n")).not.toBe(first.lines[file].join("\n"));
    }
  });
});
