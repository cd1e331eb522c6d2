// The planner's decisions (src/coordinator/plan-run.ts): small work in one thread, larger
// on the pool, over the budget in day windows sized to it; each decision explained.

import { describe, expect, it } from "vitest";
import { MEASURED, planRun, type PlanInput } from "../../src/coordinator/plan-run.js";

const GIB = 2 ** 30;
const plan = (input: Partial<PlanInput>) =>
  planRun({ requested: "auto", estimatedEvents: 1000, maxMemoryBytes: 8 * GIB, bytesPerEvent: MEASURED.bytesPerEvent, threads: 4, ...input });

describe("planRun", () => {
  it("small input: the memory backend, one pass", () => {
    const p = plan({ estimatedEvents: 5000 });
    expect(p.backend).toBe("memory");
    expect(p.windowEvents).toBeUndefined();
    expect(p.explanation.join("\n")).toMatch(/fewer than the 150,000 below which a worker pool costs more to start than it saves/);
  });

  it("medium input: the worker pool, one pass within the budget", () => {
    const p = plan({ estimatedEvents: 2_000_000 });
    expect(p.backend).toBe("parallel");
    expect(p.windowEvents).toBeUndefined();
    expect(p.explanation.join("\n")).toMatch(/within the budget of 8192 MiB/);
  });

  it("over the budget: day windows of what three quarters of the budget hold", () => {
    const p = plan({ estimatedEvents: 20_000_000, maxMemoryBytes: 2 * GIB });
    expect(p.backend).toBe("parallel");
    expect(p.windowEvents).toBe(Math.floor((0.75 * 2 * GIB - MEASURED.baseBytes) / MEASURED.bytesPerEvent));
    expect(p.explanation.join("\n")).toMatch(/over the budget of 2048 MiB: a scan, then day windows/);
  });

  it("a tiny budget still gives windows of at least one event (a day is never split)", () => {
    expect(plan({ estimatedEvents: 50_000, maxMemoryBytes: 1024 }).windowEvents).toBe(1);
  });

  it("the measured bytes per event can be overridden", () => {
    const measured = plan({ estimatedEvents: 3_000_000, maxMemoryBytes: 2 * GIB });
    const leaner = plan({ estimatedEvents: 3_000_000, maxMemoryBytes: 2 * GIB, bytesPerEvent: 200 });
    expect(measured.windowEvents).toBeDefined();
    expect(leaner.windowEvents).toBeUndefined();
  });

  it("unknown size: windows, to be safe; one thread: no pool; an asked-for backend is kept", () => {
    expect(plan({ estimatedEvents: undefined }).windowEvents).toBeGreaterThan(0);
    expect(plan({ estimatedEvents: 5_000_000, threads: 1 }).backend).toBe("memory");
    const asked = plan({ requested: "parallel", estimatedEvents: 10 });
    expect(asked.backend).toBe("parallel");
    expect(asked.explanation[0]).toBe("backend parallel: asked for with --backend");
  });
});
