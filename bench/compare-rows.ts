// Bench: two rows of one run compared (wall time, the best runs, CPU), and the figures'
// text: what the ratios table (ratios.ts) and the targets (targets.ts) both read.

import { BOUNDED_BUDGET } from "./cases.js";
import type { Row } from "./summarize.js";

export const GIB = 2 ** 30;

/** The row of a case that was measured, or that timed out (then its wall time is a lower bound). */
export function find(rows: Row[], events: number, key: string): Row | undefined {
  return rows.find((row) => row.events === events && row.benchCase.key === key && (row.wallMs !== null || row.timedOutMs !== null));
}

/** Median wall time, or the time limit a run was stopped at (a lower bound, marked `>=`). */
export function wall(row: Row | undefined): { ms: number; atLeast: boolean } | null {
  if (row === undefined) return null;
  if (row.wallMs !== null) return { ms: row.wallMs, atLeast: false };
  return row.timedOutMs === null ? null : { ms: row.timedOutMs, atLeast: true };
}

/** slow / fast wall time; a lower bound when the slow side timed out, unknown when the fast one did. */
export function faster(slow: Row | undefined, fast: Row | undefined): { value: number; atLeast: boolean } | null {
  const s = wall(slow),
    f = wall(fast);
  if (s === null || f === null || f.atLeast || f.ms <= 0) return null;
  return { value: s.ms / f.ms, atLeast: s.atLeast };
}

/**
 * slow / fast, fastest run against fastest run. Medians can compare unlike samples: a case
 * whose first run took over 30 s keeps it as a sample (measure.ts), so at 10M one side's
 * median may hold a cold run and the other's not. The best runs are alike on both sides.
 */
export function fasterAtBest(slow: Row | undefined, fast: Row | undefined): number | null {
  return slow?.bestWallMs == null || fast?.bestWallMs == null || fast.bestWallMs <= 0 ? null : slow.bestWallMs / fast.bestWallMs;
}

export const bestText = (slow: Row | undefined, fast: Row | undefined) =>
  `best against best ${times(fasterAtBest(slow, fast))} (${seconds(slow?.bestWallMs)} / ${seconds(fast?.bestWallMs)})`;

export const wallText = (row: Row | undefined) => {
  const w = wall(row);
  return w === null ? "n/a" : `${w.atLeast ? ">= " : ""}${(w.ms / 1000).toFixed(2)} s`;
};
export const fasterText = (ratio: { value: number; atLeast: boolean } | null) =>
  ratio === null ? "n/a" : `${ratio.atLeast ? ">= " : ""}${ratio.value.toFixed(ratio.value >= 10 ? 0 : 1)}x`;

/** Events + group: the stages the workers run (read, parse, enrich, group). */
export function aggregationMs(row: Row | undefined): number | null {
  return row?.phasesMs == null ? null : row.phasesMs.events + row.phasesMs.group;
}

export function speedup(slow: number | null | undefined, fast: number | null | undefined): number | null {
  return slow == null || fast == null || fast <= 0 ? null : slow / fast;
}

// Two decimals below 10: a ratio next to its target (1.6x) must not round onto it.
export const times = (value: number | null) => (value === null ? "n/a" : `${value.toFixed(value >= 10 ? 0 : 2)}x`);
export const seconds = (ms: number | null | undefined) => (ms == null ? "n/a" : `${(ms / 1000).toFixed(2)} s`);

/** The bounded-memory run at `events`, and the 1M single pass it is held to. */
export function boundedRows(rows: Row[], events: number, all: string): { bounded: Row | undefined; single: Row | undefined } {
  return { bounded: find(rows, events, `parallel/files${all}/max-${BOUNDED_BUDGET}`), single: find(rows, 1_000_000, `parallel/files${all}`) };
}

export function mib(bytes: number | null | undefined): string {
  return bytes == null ? "n/a" : `${Math.round(bytes / 2 ** 20)} MiB`;
}
