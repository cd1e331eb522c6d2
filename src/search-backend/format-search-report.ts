// The `search` backend's lines of the run summary (stderr): the temporary index, the
// searches, and how far HyperLogLog++ was off when the exact counts were computed too.

import { PRECISION_THRESHOLD } from "./aggregation-queries.js";
import type { SearchBackendReport } from "./group-with-search.js";
import { formatCount } from "../model/format-count.js";

export function formatSearchReport(r: SearchBackendReport): string {
  const lines = [
    "search backend (temporary index, approximate distinct counts)",
    `  temporary index     ${r.temporaryIndex} (deleted)`,
    ...(r.staleIndicesRemoved.length === 0 ? [] : [`  stale indices       ${r.staleIndicesRemoved.join(", ")} (left by killed runs on this host; deleted)`]),
    `  events indexed      ${formatCount(r.indexedEvents)} in ${r.bulkRequests} bulk requests (${r.timingsMs.index} ms with the refresh)`,
    `  aggregations        ${formatCount(r.searches)} searches, ${formatCount(r.buckets)} buckets, precision_threshold ${formatCount(PRECISION_THRESHOLD)} (${r.timingsMs.aggregate} ms)`,
  ];
  const c = r.comparison;
  if (c === undefined) {
    lines.push("  against exact       not checked (--check-exact computes the exact counts too)");
  } else {
    const worst = c.worst === undefined ? "" : ` at ${c.worst.path}: exact ${c.worst.exact}, approximate ${c.worst.approximate}`;
    lines.push(`  unique_* deviation  max ${(c.maxRelativeDeviation * 100).toFixed(3)}% over ${formatCount(c.uniqueCounts)} counts${worst}`);
    lines.push(
      `  exact fields        ${c.exactMismatchCount === 0 ? "all equal" : `${formatCount(c.exactMismatchCount)} differ: ${c.exactMismatches.slice(0, 5).join(", ")}`}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
