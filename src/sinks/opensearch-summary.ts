// The OpenSearch sink's lines of the run summary (stderr): where the documents went, or
// in a dry run where they would go, and every document that failed.

import { printableText } from "../model/printable-text.js";
import type { OpenSearchSinkReport } from "./opensearch-documents.js";
import { formatCount } from "../model/format-count.js";

const SHOWN_FAILURES = 10;

export function formatOpenSearchReport(r: OpenSearchSinkReport): string {
  const lines = [
    r.dryRun ? "opensearch (dry run: nothing written)" : "opensearch",
    ...r.indices.map(({ index, documents }) => `  ${r.dryRun ? "would write to" : "written to    "}      ${index}: ${formatCount(documents)} documents`),
    `  alias               ${r.alias}`,
    `  first ids           ${r.firstIds.length === 0 ? "none" : printableText(r.firstIds.join(", "))}`,
  ];
  if (!r.dryRun) {
    if (r.template !== null) lines.push(`  template            ${r.template.name}${r.template.installed ? " (installed now)" : " (already there)"}`);
    lines.push(
      `  written             ${formatCount(r.written)} of ${formatCount(r.documents)} (${r.requests} bulk requests, ${r.retries} retries, ${r.splits} splits)`,
    );
    lines.push(`  failed              ${formatCount(r.failed)}`);
    if (r.notSent > 0) lines.push(`  not sent            ${formatCount(r.notSent)} (interrupted)`);
    for (const failure of r.failures.slice(0, SHOWN_FAILURES)) {
      // The reason is the server's text, the id the input's community: both shown inert.
      lines.push(`    ${failure.index}/${printableText(failure.id ?? "(no id)")}: HTTP ${failure.status} ${printableText(failure.reason)}`);
    }
    if (r.failed > SHOWN_FAILURES) lines.push(`    ... and ${formatCount(r.failed - SHOWN_FAILURES)} more`);
  }
  return `${lines.join("\n")}\n`;
}
