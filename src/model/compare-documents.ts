// Holds approximate documents (the `search` backend's HyperLogLog++ distinct counts) to
// exact ones: exact fields (event counts, volumes, item sets, labels, order) must be
// equal; unique_* counts are measured by their largest relative deviation.

import { documentId, type DownloadMetrics, type SubcountItem, type UsageDeltaDocument, type ViewMetrics } from "./document.js";

export interface DocumentComparison {
  documents: number;
  /** Where an exact field differs (the first MAX_LISTED), as paths. */
  exactMismatches: string[];
  exactMismatchCount: number;
  /** unique_* values compared. */
  uniqueCounts: number;
  /** max |approximate - exact| / max(exact, 1) over all unique_* values (0 when all equal). */
  maxRelativeDeviation: number;
  /** Where the largest deviation is (undefined when all are equal). */
  worst?: { path: string; exact: number; approximate: number };
}

const MAX_LISTED = 20;
const UNIQUE_FIELDS = ["unique_visitors", "unique_records", "unique_parents", "unique_files"] as const;

export function compareDocuments(exact: readonly UsageDeltaDocument[], approximate: readonly UsageDeltaDocument[]): DocumentComparison {
  const result: DocumentComparison = { documents: exact.length, exactMismatches: [], exactMismatchCount: 0, uniqueCounts: 0, maxRelativeDeviation: 0 };
  const mismatch = (path: string) => {
    result.exactMismatchCount++;
    if (result.exactMismatches.length < MAX_LISTED) result.exactMismatches.push(path);
  };
  const metrics = (path: string, e: ViewMetrics | DownloadMetrics, a: ViewMetrics | DownloadMetrics) => {
    if (e.total_events !== a.total_events) mismatch(`${path}.total_events`);
    if ("total_volume" in e && e.total_volume !== (a as DownloadMetrics).total_volume) mismatch(`${path}.total_volume`);
    for (const field of UNIQUE_FIELDS) {
      if (!(field in e)) continue;
      const exactValue = (e as DownloadMetrics)[field];
      const approximateValue = (a as DownloadMetrics)[field];
      result.uniqueCounts++;
      const deviation = Math.abs(approximateValue - exactValue) / Math.max(exactValue, 1);
      if (deviation > result.maxRelativeDeviation) {
        result.maxRelativeDeviation = deviation;
        result.worst = { path: `${path}.${field}`, exact: exactValue, approximate: approximateValue };
      }
    }
  };

  const byKey = new Map(approximate.map((document) => [documentId(document), document]));
  for (const e of exact) {
    const key = documentId(e);
    const a = byKey.get(key);
    byKey.delete(key);
    if (a === undefined) { mismatch(`${key} (missing)`); continue; }
    metrics(`${key}.totals.view`, e.totals.view, a.totals.view);
    metrics(`${key}.totals.download`, e.totals.download, a.totals.download);
    for (const subcount of new Set([...Object.keys(e.subcounts), ...Object.keys(a.subcounts)])) {
      const exactItems = e.subcounts[subcount] ?? [];
      const approximateItems = a.subcounts[subcount] ?? [];
      const path = `${key}.subcounts.${subcount}`;
      if (exactItems.map((item) => item.id).join("\n") !== approximateItems.map((item) => item.id).join("\n")) mismatch(`${path} (items or their order)`);
      const approximateById = new Map(approximateItems.map((item) => [item.id, item]));
      for (const item of exactItems) {
        const other = approximateById.get(item.id);
        if (other === undefined) continue;
        if (!sameLabel(item, other)) mismatch(`${path}[${item.id}].label`);
        metrics(`${path}[${item.id}].view`, item.view, other.view);
        metrics(`${path}[${item.id}].download`, item.download, other.download);
      }
    }
  }
  for (const key of byKey.keys()) mismatch(`${key} (unexpected)`);
  return result;
}

function sameLabel(a: SubcountItem, b: SubcountItem): boolean {
  return JSON.stringify(a.label) === JSON.stringify(b.label);
}
