// Holds one run's documents to another's, field by field: structure, order, every value,
// except the run `timestamp`. `unique_*` counts are compared apart: the `search` backend's
// are HyperLogLog++ estimates, so a comparison reports how many differ and by how much at
// most, and the caller decides whether they must be equal (documentsMatch). The one
// comparison of the project: the search backend's report, the tests and the bench use it.

const MAX_LISTED = 20;
const IGNORED_TOP_LEVEL = "timestamp";

export interface DocumentComparison {
  documents: number;
  otherDocuments: number;
  /** Where an exact field differs (the first MAX_LISTED), as paths. */
  exactMismatches: string[];
  exactMismatchCount: number;
  /** unique_* values compared, and how many of them differ. */
  uniqueCounts: number;
  uniqueMismatches: number;
  /** max |other - reference| / max(reference, 1) over all unique_* values (0 when all equal). */
  maxRelativeDeviation: number;
  /** Where the largest deviation is (undefined when all are equal). */
  worst?: { path: string; exact: number; approximate: number };
}

/** Equal documents; with `approximateUniques`, equal but for the unique_* counts. */
export function documentsMatch(comparison: DocumentComparison, approximateUniques = false): boolean {
  return comparison.exactMismatchCount === 0 && (approximateUniques || comparison.uniqueMismatches === 0);
}

export function compareDocuments(reference: readonly unknown[], other: readonly unknown[]): DocumentComparison {
  const result: DocumentComparison = {
    documents: reference.length,
    otherDocuments: other.length,
    exactMismatches: [],
    exactMismatchCount: 0,
    uniqueCounts: 0,
    uniqueMismatches: 0,
    maxRelativeDeviation: 0,
  };
  const mismatch = (path: string) => {
    result.exactMismatchCount++;
    if (result.exactMismatches.length < MAX_LISTED) result.exactMismatches.push(path);
  };
  const walk = (path: string, a: unknown, b: unknown, key: string, depth: number): void => {
    if (key.startsWith("unique_") && typeof a === "number" && typeof b === "number") {
      result.uniqueCounts++;
      if (a === b) return;
      result.uniqueMismatches++;
      const deviation = Math.abs(b - a) / Math.max(a, 1);
      if (deviation > result.maxRelativeDeviation) {
        result.maxRelativeDeviation = deviation;
        result.worst = { path, exact: a, approximate: b };
      }
      return;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b)) return mismatch(`${path} (a list on one side only)`);
      if (a.length !== b.length) mismatch(`${path} (length ${a.length} vs ${b.length})`);
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(`${path}[${itemName(a[i], i)}]`, a[i], b[i], "", depth + 1);
      return;
    }
    if (isObject(a) || isObject(b)) {
      if (!isObject(a) || !isObject(b)) return mismatch(`${path} (an object on one side only)`);
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (depth === 0 && name === IGNORED_TOP_LEVEL) continue;
        if (!(name in a) || !(name in b)) mismatch(`${path}.${name} (missing on one side)`);
        else walk(`${path}.${name}`, a[name], b[name], name, depth + 1);
      }
      return;
    }
    if (a !== b) mismatch(`${path} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`);
  };
  if (reference.length !== other.length) mismatch(`documents (${reference.length} vs ${other.length})`);
  for (let i = 0; i < Math.min(reference.length, other.length); i++) walk(documentName(reference[i]), reference[i], other[i], "", 0);
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
