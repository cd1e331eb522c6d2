// The scaling mode's pure parts: schedstat parsing, per-thread attribution and the
// pipeline model of issue 15 (no timing is asserted: figures are made up).

import { describe, expect, it } from "vitest";
import { attributeCpu, coordinatorShare, fitModel, parseSchedstat, projectedSpeedup } from "../../bench/scaling-model.js";
import { refitted, scalingMarkdown, type ScalingRun, type ScalingSet } from "../../bench/scaling-markdown.js";

describe("parseSchedstat", () => {
  it("reads the nanoseconds on the CPU, the first field", () => {
    expect(parseSchedstat("224447504 1234 56\n")).toBe(224447504);
    expect(parseSchedstat("")).toBeNull();
    expect(parseSchedstat("x 1 2")).toBeNull();
  });
});

describe("attributeCpu", () => {
  it("splits main thread, workers (in thread id order) and the rest of the process CPU", () => {
    const seen = new Map([
      [100, 0.5e9],
      [101, 0.1e9], // a V8 helper
      [120, 2e9],
      [119, 1.5e9],
    ]);
    const cpu = attributeCpu(seen, 100, new Set([119, 120]), 4.5);
    expect(cpu.mainS).toBeCloseTo(0.5);
    expect(cpu.workersS).toEqual([1.5, 2]);
    // 4.5 - 0.5 - 3.5: the helper's 0.1 and what no sample saw.
    expect(cpu.restS).toBeCloseTo(0.5);
    expect(cpu.totalS).toBe(4.5);
  });

  it("never reports a negative rest", () => {
    expect(attributeCpu(new Map([[1, 2e9]]), 1, new Set(), 1.9).restS).toBe(0);
  });
});

describe("the scaling model", () => {
  // Issue 15's runs: M ~0.43, W1 3.38, workers growing ~0.3 CPU-s per extra worker.
  const points = [
    { threads: 1, mainS: 0.41, workersS: 3.38 },
    { threads: 2, mainS: 0.43, workersS: 3.75 },
    { threads: 4, mainS: 0.44, workersS: 4.13 },
    { threads: 8, mainS: 0.45, workersS: 5.62 },
  ];

  it("fits M as the mean coordinator CPU, W1 at one thread and f as the median slope", () => {
    const model = fitModel(points, 2)!;
    expect(model.m).toBeCloseTo(0.4325, 4);
    expect(model.w1).toBe(3.38);
    // slopes (W_N - W1) / (N - 1): 0.37, 0.25, 0.32 -> median 0.32
    expect(model.f).toBeCloseTo(0.32, 6);
    expect(coordinatorShare(model)).toBeCloseTo(0.4325 / 3.38, 6);
  });

  it("projects (M + W1) / max(M, (W1 + (N - 1) f) / N), capped by the coordinator", () => {
    const model = { m: 0.5, w1: 4, f: 0.25, fWithinCores: null };
    expect(projectedSpeedup(model, 1)).toBeCloseTo(4.5 / 4, 9);
    expect(projectedSpeedup(model, 4)).toBeCloseTo(4.5 / (4.75 / 4), 9);
    // At 32 workers each has (4 + 31 * 0.25) / 32 = 0.37 CPU-s: below M, so M bounds it.
    expect(projectedSpeedup(model, 32)).toBeCloseTo(9, 9);
    expect(projectedSpeedup({ m: 0, w1: 4, f: 0, fWithinCores: null }, 16)).toBeCloseTo(16, 9);
  });

  it("fits f within the cores to the runs with no more threads than cores only", () => {
    // 2 cores: the 2-thread run alone (slope 0.37); 4 cores: slopes 0.37 and 0.25.
    expect(fitModel(points, 2)!.fWithinCores).toBeCloseTo(0.37, 6);
    expect(fitModel(points, 4)!.fWithinCores).toBeCloseTo(0.31, 6);
    // One core (pinned runs): no run has a core per worker.
    expect(fitModel(points, 1)!.fWithinCores).toBeNull();
    const model = fitModel(points, 2)!;
    expect(projectedSpeedup(model, 4, model.fWithinCores!)).toBeCloseTo((model.m + 3.38) / ((3.38 + 3 * 0.37) / 4), 6);
  });

  it("needs the one-thread run", () => {
    expect(fitModel(points.slice(1), 2)).toBeNull();
  });
});

describe("SCALING.md from saved sets", () => {
  const run = (threads: number, workersS: number, restS = 0): ScalingRun => ({
    threads,
    wallMs: 1000,
    cpu: { mainS: 0.2, workersS: Array.from({ length: threads }, () => workersS / threads), restS, totalS: workersS + restS + 0.2 },
    peakRssBytes: 2 ** 28,
    sameDocuments: threads === 1 ? null : true,
  });

  it("refits a set saved by older code (its model without fWithinCores) before rendering it", () => {
    const runs = [run(1, 2), run(2, 2.5), run(4, 3)];
    // As scaling.json held it before fWithinCores existed.
    const legacyModel = { m: 0.2, w1: 2, f: 0.5 } as ScalingSet["model"];
    const saved: ScalingSet = { events: 1_000_000, shape: "repetitive", runs, model: legacyModel };
    const markdown = scalingMarkdown("npm run bench -- --scaling", [refitted(saved, 2)], 2);
    expect(markdown).toContain("f = 0.50 CPU-s per further worker");
    // The within-cores fit: --threads 2 alone on 2 cores, (2.5 - 2) / 1.
    expect(markdown).toContain("--threads 2 alone, so one run decides it): f = 0.50 CPU-s");
  });

  it("fits the model again with the helper threads' CPU counted as the workers'", () => {
    // Helper work moves onto the workers when no core is idle: 1.0 s apart at one thread, 0.2 at two.
    const runs = [run(1, 2, 1), run(2, 2.8, 0.2), run(4, 3.6, 0.2)];
    const markdown = scalingMarkdown("npm run bench -- --scaling", [refitted({ events: 1_000_000, shape: "default", runs, model: null }, 2)], 2);
    // Workers alone: f = median(0.8, 0.5333) = 0.67; with helpers: W1 = 3, f = median(0, 0.2667) = 0.13, 0 within the cores.
    expect(markdown).toContain("f = 0.67 CPU-s per further worker");
    expect(markdown).toContain("W1 + rest = 3.00 CPU-s, f = 0.13 CPU-s per further worker, 0.00 within the cores; coordinator at 6.7% of it");
  });
});
