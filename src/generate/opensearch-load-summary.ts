// The few lines `generate --to-opensearch` prints: what went into which indices, and
// what the server refused (with its first reasons), so that a comparison with the files
// knows which lines are missing from the indices and why.

import type { BulkLoadReport } from "./opensearch-bulk-load.js";
import type { IndexDatasetReport } from "./to-opensearch.js";
import { formatCount } from "../model/format-count.js";

export function formatIndexReport(report: IndexDatasetReport, url: string): string {
  const line = (name: string, r: BulkLoadReport) =>
    `  ${name.padEnd(11)} ${formatCount(r.indexed)} indexed` +
    (r.refused > 0 ? `, ${formatCount(r.refused)} refused by the mapping` : "") +
    (r.skipped > 0 ? `, ${formatCount(r.skipped)} lines skipped (not a JSON object)` : "");
  const parts = [report.views, report.downloads, report.records, report.membership];
  const lines = [
    `indexed into OpenSearch at ${url} in ${(report.ms / 1000).toFixed(1)} s:`,
    line("views", report.views),
    line("downloads", report.downloads),
    line("records", report.records),
    line("membership", report.membership),
    `  indices     ${report.indices.join(", ")}`,
  ];
  const failures = parts.flatMap((r) => r.failures).slice(0, 3);
  for (const failure of failures) lines.push(`  refused     ${failure.id ?? "?"} in ${failure.index}: ${failure.reason.slice(0, 200)}`);
  return `${lines.join("\n")}\n`;
}
