// Bench: one size's measured cases -> table rows (medians, events/s, documents held to
// the reference run's).

import { existsSync } from "node:fs";
import type { DataShape } from "../src/generate/data-shapes.js";
import { isReference, type BenchCase } from "./cases.js";
import { compareDocuments, type DocumentComparison } from "../src/model/compare-documents.js";
import { readDocuments } from "./compare-documents.js";
import { medianOf, type CaseResult } from "./measure.js";
import type { Phases } from "./parse-output.js";

export interface Row {
  events: number;
  shape: DataShape;
  benchCase: BenchCase;
  runs: number;
  wallMs: number | null;
  /** The fastest run (the least disturbed by other work). */
  bestWallMs: number | null;
  eventsPerSecond: number | null;
  peakRssBytes: number | null;
  cpuMs: number | null;
  /** Threads the program says it used. */
  threadsUsed: number | null;
  heapMaxBytes: number | null;
  phasesMs: Phases | null;
  windows: number | null;
  comparison: DocumentComparison | "reference" | null;
  error: string | null;
  /** The run was stopped at this limit: its wall time is at least this. */
  timedOutMs: number | null;
  notes: string[];
}

function medianPhases(result: CaseResult): Phases | null {
  const pick = (name: keyof Phases) => medianOf(result, (sample) => sample.self.phasesMs?.[name]);
  const phases = { metadata: pick("metadata"), events: pick("events"), group: pick("group"), documents: pick("documents") };
  return Object.values(phases).some((value) => value === null) ? null : (phases as Phases);
}

export function summarize(events: number, shape: DataShape, results: CaseResult[]): Row[] {
  const reference = results.find((result) => isReference(result.benchCase) && result.error === null && existsSync(result.outputPath));
  const referenceDocuments = reference === undefined ? null : readDocuments(reference.outputPath);
  return results.map((result) => {
    const wallMs = medianOf(result, (sample) => sample.wallMs);
    let comparison: Row["comparison"] = null;
    if (result === reference) comparison = "reference";
    else if (referenceDocuments !== null && result.error === null && existsSync(result.outputPath)) {
      comparison = compareDocuments(referenceDocuments, readDocuments(result.outputPath));
    }
    return {
      events,
      shape,
      benchCase: result.benchCase,
      runs: result.samples.length,
      wallMs,
      bestWallMs: result.samples.length === 0 ? null : Math.min(...result.samples.map((sample) => sample.wallMs)),
      eventsPerSecond: wallMs === null ? null : events / (wallMs / 1000),
      peakRssBytes: medianOf(result, (sample) => sample.peakRssBytes),
      cpuMs: medianOf(result, (sample) => sample.cpuMs),
      threadsUsed: medianOf(result, (sample) => sample.self.threads),
      heapMaxBytes: medianOf(result, (sample) => sample.heapMaxBytes),
      phasesMs: medianPhases(result),
      windows: medianOf(result, (sample) => sample.self.windows),
      comparison,
      error: result.error,
      timedOutMs: result.timedOutMs,
      notes: result.notes,
    };
  });
}

/** The "matches reference" cell. */
export function matchText(row: Row): string {
  const c = row.comparison;
  if (row.error !== null) return "failed";
  if (c === "reference") return "reference";
  if (c === null) return "n/a";
  if (c.exactMismatchCount > 0) return `**no** (${c.exactMismatchCount} exact fields differ)`;
  if (row.benchCase.backend === "search") {
    return `yes, exact fields; unique_* max dev. ${(c.maxRelativeDeviation * 100).toFixed(2)}% (${c.uniqueMismatches} of ${c.uniqueCounts} differ)`;
  }
  return c.uniqueMismatches > 0 ? `**no** (${c.uniqueMismatches} unique counts differ)` : "yes";
}
