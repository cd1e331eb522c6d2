// The text of the progress line: what phase, how far (a bar and a percentage where the
// total is known, with an estimate of the time left), which day window of how many.

import type { ProgressUpdate } from "../coordinator/run-aggregation.js";
import { formatCount } from "../model/format-count.js";

/** An engine update, or one of the CLI's own phases (generating a dataset). */
export type ShownProgress = Omit<ProgressUpdate, "phase"> & { phase: ProgressUpdate["phase"] | "generate" };

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function bar(share: number, width = 24): string {
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%`;
}

/** The time left, from the time the phase took so far; none while too little is done to tell. */
function eta(share: number, phaseSeconds: number): string {
  if (share < 0.02 || share >= 1 || phaseSeconds < 1) return "";
  return `  ETA ${formatSeconds((phaseSeconds * (1 - share)) / share)}`;
}

/**
 * One line: `phaseSeconds` since this phase (or window) began, `totalSeconds` since the
 * run began, `windowsSeconds` since the first day window began (for the ETA of them all).
 */
export function progressLine(u: ShownProgress, phaseSeconds: number, totalSeconds: number, windowsSeconds = 0): string {
  const share = u.total > 0 ? Math.min(1, u.done / u.total) : undefined;
  const window =
    u.window === undefined
      ? ""
      : `window ${u.window.index}/${u.window.count} (${u.window.start === u.window.end ? u.window.start : `${u.window.start}..${u.window.end}`}) `;
  // Windows left at the pace of those done: the run's ETA (a window's own bar restarts with it).
  const windowsEta =
    u.window === undefined || u.window.index < 2 ? "" : eta((u.window.index - 1) / u.window.count, windowsSeconds).replace("ETA", "all windows ETA");
  const elapsed = `${windowsEta}  ${formatSeconds(totalSeconds)}`;
  switch (u.phase) {
    case "metadata":
      return `metadata: ${formatCount(u.records ?? 0)} records, ${formatCount(u.membership ?? 0)} membership events read${elapsed}`;
    case "scan":
      return `tallying scan ${share === undefined ? "" : bar(share)}  ${formatCount(u.events)} events${share === undefined ? "" : eta(share, phaseSeconds)}${elapsed}`;
    case "events":
      return `${window === "" ? "reading events " : `${window}reading `}${share === undefined ? "" : bar(share)}  ${formatCount(u.events)} events${share === undefined ? "" : eta(share, phaseSeconds)}${elapsed}`;
    case "group":
      return `${window}grouping ${formatCount(u.events)} events  ${formatSeconds(phaseSeconds)}${elapsed}`;
    case "documents":
      return `building documents${elapsed}`;
    case "write":
      return `writing documents ${share === undefined ? "" : `${bar(share)}  ${formatCount(u.done)} of ${formatCount(u.total)}`}${share === undefined ? "" : eta(share, phaseSeconds)}${elapsed}`;
    case "generate":
      return `generating events ${share === undefined ? "" : `${bar(share)}  ${formatCount(u.done)} of ${formatCount(u.total)}`}${share === undefined ? "" : eta(share, phaseSeconds)}${elapsed}`;
  }
}
