// Bench: holds one run's documents (NDJSON) to the reference run's. Every field must be
// equal except the run `timestamp`; with `approximate` (the `search` backend's HyperLogLog
// counts) the unique_* numbers are measured by their largest relative deviation instead.
//
//   node dist/bench/compare-documents.js REFERENCE.ndjson OTHER.ndjson [--approximate]

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface DocumentComparison {
  documents: number;
  otherDocuments: number;
  /** Exact fields that differ (structure, order, counts, volumes, labels). */
  exactMismatches: number;
  /** unique_* values that differ (a mismatch unless approximate). */
  uniqueMismatches: number;
  uniqueCompared: number;
  /** max |other - reference| / max(reference, 1) over all unique_* values. */
  maxRelativeDeviation: number;
  /** The first few differing paths. */
  examples: string[];
  /** True when the documents are equal (approximate: equal but for unique_* counts). */
  matches: boolean;
}

const MAX_EXAMPLES = 8;
const IGNORED_TOP_LEVEL = "timestamp";

export function readDocuments(path: string): unknown[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}

export function compareDocuments(reference: unknown[], other: unknown[], approximate = false): DocumentComparison {
  const result: DocumentComparison = {
    documents: reference.length,
    otherDocuments: other.length,
    exactMismatches: 0,
    uniqueMismatches: 0,
    uniqueCompared: 0,
    maxRelativeDeviation: 0,
    examples: [],
    matches: false,
  };
  const note = (path: string) => {
    if (result.examples.length < MAX_EXAMPLES) result.examples.push(path);
  };
  const exact = (path: string) => {
    result.exactMismatches++;
    note(path);
  };

  const walk = (path: string, a: unknown, b: unknown, key: string, depth: number): void => {
    if (key.startsWith("unique_") && typeof a === "number" && typeof b === "number") {
      result.uniqueCompared++;
      if (a === b) return;
      result.uniqueMismatches++;
      if (!approximate) note(`${path} (${a} vs ${b})`);
      result.maxRelativeDeviation = Math.max(result.maxRelativeDeviation, Math.abs(b - a) / Math.max(a, 1));
      return;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b)) return exact(`${path} (array vs not)`);
      if (a.length !== b.length) exact(`${path} (length ${a.length} vs ${b.length})`);
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(`${path}[${itemName(a[i], i)}]`, a[i], b[i], "", depth + 1);
      return;
    }
    if (isObject(a) || isObject(b)) {
      if (!isObject(a) || !isObject(b)) return exact(`${path} (object vs not)`);
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (depth === 0 && name === IGNORED_TOP_LEVEL) continue;
        if (!(name in a) || !(name in b)) {
          exact(`${path}.${name} (missing on one side)`);
          continue;
        }
        walk(`${path}.${name}`, a[name], b[name], name, depth + 1);
      }
      return;
    }
    if (a !== b) exact(`${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`);
  };

  if (reference.length !== other.length) exact(`documents (${reference.length} vs ${other.length})`);
  for (let i = 0; i < Math.min(reference.length, other.length); i++) {
    walk(documentName(reference[i]), reference[i], other[i], "", 0);
  }
  result.matches = result.exactMismatches === 0 && (approximate || result.uniqueMismatches === 0);
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function itemName(item: unknown, index: number): string {
  return isObject(item) && typeof item.id === "string" ? `${index}:${item.id}` : String(index);
}

function documentName(document: unknown): string {
  if (!isObject(document)) return "?";
  return `${String(document.community_id)}/${String(document.period_start).slice(0, 10)}`;
}

function main(argv: string[]): number {
  const files = argv.filter((arg) => !arg.startsWith("--"));
  if (files.length !== 2) {
    process.stderr.write("usage: compare-documents REFERENCE.ndjson OTHER.ndjson [--approximate]\n");
    return 2;
  }
  const comparison = compareDocuments(readDocuments(files[0]), readDocuments(files[1]), argv.includes("--approximate"));
  process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  return comparison.matches ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
