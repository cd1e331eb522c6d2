// Warnings where the operator has probably made a mistake: the run goes on, and the
// warning is logged, listed under the summary and in the JSON report. Those after the run
// (a --community no record or membership event names, every line of an input rejected)
// are here; those about the input flags before it are the CLI's (src/cli/input-warnings.ts).

import type { RejectedLine } from "../model/chunk-types.js";
import type { RunSummary } from "../model/run-summary.js";
import type { UsageDeltaDocument } from "../model/document.js";
import type { EventFiles } from "../sources/file-event-source.js";
import { formatCount } from "../model/format-count.js";

/** Rejected lines per source (file or index), for the warnings after the run. */
export class RejectTally {
  readonly bySource = new Map<string, number>();
  add(reject: RejectedLine): void {
    this.bySource.set(reject.source, (this.bySource.get(reject.source) ?? 0) + 1);
  }
}

export function runWarnings(summary: RunSummary, documents: readonly UsageDeltaDocument[], inputs: EventFiles | undefined, rejects: RejectTally): string[] {
  // Not in the metadata, and no event named it in its own community_ids either (all its days zero).
  const counted = new Set(documents.filter((d) => d.totals.view.total_events + d.totals.download.total_events > 0).map((d) => d.community_id));
  const warnings = summary.unknownCommunities
    .filter((community) => !counted.has(community))
    .map((community) => `--community ${community} appears nowhere in the data (no record, membership event or event names it): its documents are all zero`);
  if (inputs === undefined) return warnings;
  const rejected = (files: readonly (string | undefined)[]) =>
    files.reduce((sum, file) => sum + (file === undefined ? 0 : (rejects.bySource.get(file) ?? 0)), 0);
  const all = (files: readonly string[], read: number) => {
    if (read > 0 && rejected(files) === read)
      warnings.push(`every line of ${files.join(", ")} was rejected (${formatCount(read)} lines): is it the right file?`);
  };
  all(inputs.views, summary.counts.readViews);
  all(inputs.downloads, summary.counts.readDownloads);
  const records = rejected([inputs.records]);
  if (inputs.records !== undefined && records > 0 && summary.records === 0)
    warnings.push(`every line of ${inputs.records} was rejected (${formatCount(records)} lines): is it the right file?`);
  return warnings;
}

export function formatWarnings(warnings: readonly string[]): string {
  return warnings.map((warning) => `  WARNING             ${warning}\n`).join("");
}
