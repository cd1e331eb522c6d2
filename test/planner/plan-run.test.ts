// The planner's decisions (src/coordinator/plan-run.ts): small work in one thread, larger
// on the pool, over the budget in day windows sized to it; each decision explained.

import { describe, expect, it } from "vitest";
import { reservationFor } from "../../src/coordinator/plan-address-space.js";
import { FLOOR } from "../../src/coordinator/plan-floor.js";
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

describe("planRun: threads", () => {
  it("a small run starts fewer workers than the cores, one per eventsPerWorker, and says why", () => {
    const p = plan({ requested: "parallel", estimatedEvents: 250_000, threads: 16 });
    expect(p.threads).toBe(3);
    expect(p.explanation.join("\n")).toMatch(/threads 3 of 16: about 250,000 events, one worker per 100,000/);
    expect(plan({ estimatedEvents: 160_000, threads: 16 }).threads).toBe(2);
  });

  it("a large run, an unknown size or --threads given: the threads asked for", () => {
    expect(plan({ estimatedEvents: 5_000_000, threads: 16 }).threads).toBe(16);
    expect(plan({ requested: "parallel", estimatedEvents: undefined, threads: 16 }).threads).toBe(16);
    const given = plan({ requested: "parallel", estimatedEvents: 1000, threads: 8, threadsGiven: true });
    expect(given.threads).toBe(8);
    expect(given.explanation.join("\n")).not.toMatch(/threads \d+ of/);
  });
});

describe("planRun: the least a run can use (plan-floor.ts)", () => {
  const MIB = 2 ** 20;
  it("a given budget below the floor (process, workers, record index) is refused, and --explain says why", () => {
    const p = plan({ estimatedEvents: 2_000_000, threads: 2, maxMemoryBytes: 300 * MIB, budgetGiven: true, recordBytes: 160 * MIB });
    const floor = FLOOR.processBytes + 2 * FLOOR.workerBytes + 160 * MIB * FLOOR.perRecordByte;
    expect(p.floorBytes).toBe(floor);
    expect(p.refusal).toBe(
      `--max-memory 300 MiB is below the least this run can use, about ${Math.round(floor / MIB)} MiB (--explain says why): raise it, or fewer --threads`,
    );
    expect(p.explanation.join("\n")).toContain(
      `memory: the least this run can use is about ${Math.round(floor / MIB)} MiB (process 280 MiB, 2 worker threads 240 MiB, record index 640 MiB); the budget of 300 MiB is below it`,
    );
  });

  it("a budget at or above the floor plans as before; the memory backend has no workers to count", () => {
    const floor = FLOOR.processBytes + 2 * FLOOR.workerBytes;
    const p = plan({ estimatedEvents: 2_000_000, threads: 2, maxMemoryBytes: floor, budgetGiven: true, recordBytes: 0 });
    expect(p.refusal).toBeUndefined();
    expect(p.windowEvents).toBeDefined();
    const memory = plan({ requested: "memory", estimatedEvents: 10, threads: 1, maxMemoryBytes: FLOOR.processBytes, budgetGiven: true, recordBytes: 0 });
    expect(memory.refusal).toBeUndefined();
  });

  it("the default budget (not given) below the floor is said, not refused", () => {
    const p = plan({ estimatedEvents: 2_000_000, threads: 2, maxMemoryBytes: 300 * MIB, budgetGiven: false, recordBytes: 0 });
    expect(p.refusal).toBeUndefined();
    expect(p.explanation.join("\n")).toMatch(/the budget of 300 MiB is below it: going on, over it/);
  });
});

describe("planRun: an input that can be read only once (a FIFO, a pipe)", () => {
  it("size unknown: one pass (not windows)", () => {
    const p = plan({ estimatedEvents: undefined, readOnce: "/tmp/fifo" });
    expect(p.refusal).toBeUndefined();
    expect(p.windowEvents).toBeUndefined();
    expect(p.explanation.join("\n")).toMatch(/size unknown, and \/tmp\/fifo can be read only once: one pass/);
  });

  it("a plan of two passes (over the budget, or windows asked for) is refused, naming the input", () => {
    const over = plan({ estimatedEvents: 20_000_000, maxMemoryBytes: 2 * GIB, readOnce: "/tmp/fifo" });
    expect(over.refusal).toBe(
      "/tmp/fifo can be read only once (not a regular file), and this run needs two passes (day windows): give a regular file, or raise --max-memory",
    );
    expect(plan({ forcedWindowEvents: 10, readOnce: "/tmp/fifo" }).refusal).toMatch(/^\/tmp\/fifo can be read only once/);
    expect(plan({ forcedWindowEvents: 10 }).windowEvents).toBe(10);
  });
});

describe("planRun: an address-space limit (ulimit -v)", () => {
  // Limits in terms of what this Node version reserves (the planner's measured table).
  const space = reservationFor();
  const holding = (workers: number) => space.poolBytes + workers * space.perWorkerBytes;
  it("fewer worker threads where the limit holds fewer; none: the memory backend (auto) or a refusal (asked for)", () => {
    const fewer = plan({ estimatedEvents: 2_000_000, threads: 4, addressSpaceBytes: holding(2.5) });
    expect([fewer.backend, fewer.threads]).toEqual(["parallel", 2]);
    const none = plan({ estimatedEvents: 2_000_000, threads: 4, addressSpaceBytes: holding(0.5) });
    expect([none.backend, none.refusal]).toEqual(["memory", undefined]);
    expect(plan({ requested: "parallel", threads: 4, addressSpaceBytes: holding(0.5) }).refusal).toMatch(
      /^the address-space limit \(ulimit -v\) of \d+ MiB is below what a worker pool needs/,
    );
    expect(plan({ estimatedEvents: 2_000_000, threads: 4, addressSpaceBytes: undefined }).threads).toBe(4);
  });

  it("each Node version plans with its own measured reservation; an unlisted one with the newest", () => {
    expect(reservationFor("20.19.0").poolBytes).toBeLessThan(reservationFor("24.22.3").poolBytes);
    expect(reservationFor("26.0.0")).toEqual(reservationFor("24.1.0"));
    expect(reservationFor("20.1.0")).not.toEqual(reservationFor("24.1.0"));
  });
});
