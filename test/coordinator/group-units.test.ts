// The group stage's units of work: every day's items have exactly one owner per slice,
// whole days stay whole when none dominates, a dominant day (or fewer days than
// partitions) is sliced so that every partition gets a share, and the partitions end
// close to even (largest unit first, to the lightest partition).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planUnits } from "../../src/coordinator/group-with-transport.js";

function loads(eventsPerDay: number[], partitions: number): number[] {
  const { dayUnits, unitPartitions } = planUnits(Float64Array.from(eventsPerDay), partitions);
  const load = new Array<number>(partitions).fill(0);
  eventsPerDay.forEach((events, day) => {
    const slices = dayUnits[day + 1] - dayUnits[day];
    for (let unit = dayUnits[day]; unit < dayUnits[day + 1]; unit++) load[unitPartitions[unit]] += events / slices;
  });
  return load;
}

describe("planUnits", () => {
  it("gives each day at least one unit, each unit a partition, and no partition more than about two shares", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 16 }), (eventsPerDay, partitions) => {
        const { dayUnits, unitPartitions } = planUnits(Float64Array.from(eventsPerDay), partitions);
        expect(dayUnits.length).toBe(eventsPerDay.length + 1);
        for (let day = 0; day < eventsPerDay.length; day++) expect(dayUnits[day + 1] - dayUnits[day]).toBeGreaterThanOrEqual(1);
        for (const partition of unitPartitions) expect(partition >= 0 && partition < partitions).toBe(true);
        const total = eventsPerDay.reduce((a, b) => a + b, 0);
        for (const load of loads(eventsPerDay, partitions)) expect(load).toBeLessThanOrEqual((2 * total) / partitions + 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it("never loads a partition past its share by more than the largest unit", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 16 }), (eventsPerDay, partitions) => {
        const { dayUnits } = planUnits(Float64Array.from(eventsPerDay), partitions);
        const largestUnit = Math.max(...eventsPerDay.map((events, day) => events / (dayUnits[day + 1] - dayUnits[day])));
        const total = eventsPerDay.reduce((a, b) => a + b, 0);
        for (const load of loads(eventsPerDay, partitions)) expect(load).toBeLessThanOrEqual(total / partitions + largestUnit + 1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps days whole when none holds more than a share", () => {
    const { dayUnits, unitPartitions } = planUnits(Float64Array.from([10, 10, 10, 10, 10, 10, 10, 10]), 4);
    expect([...dayUnits]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...unitPartitions]).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });

  it("splits days of uneven size evenly where runs of days could not (the bench's 1M repetitive days, two partitions)", () => {
    const days = [95155, 93006, 116040, 64473, 65938, 112308, 114299, 114542, 104449, 119790];
    const total = days.reduce((a, b) => a + b, 0);
    // Runs of days: 54.7% at best for one of the two partitions.
    for (const load of loads(days, 2)) expect(Math.abs(load / total - 0.5)).toBeLessThan(0.005);
  });

  it("slices one day among every partition (an hourly run of today)", () => {
    const { dayUnits, unitPartitions } = planUnits(Float64Array.from([500]), 4);
    expect([...dayUnits]).toEqual([0, 4]);
    expect([...unitPartitions]).toEqual([0, 1, 2, 3]);
  });

  it("slices a dominant day so that every partition is busy", () => {
    expect(loads([10, 900, 10, 80], 4).every((load) => load > 0)).toBe(true);
    expect(Math.max(...loads([10, 900, 10, 80], 4))).toBeLessThanOrEqual(2 * 250);
  });
});
