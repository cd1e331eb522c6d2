// Warnings where the operator has probably made a mistake: the run goes on, and the
// warning is logged, listed under the summary and in the JSON report. Before the run:
// an input directory without records or membership, a file present both plain and
// gzipped. After it: a --community no record or membership event names, every line of
// an input rejected.

import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RejectedLine } from "../model/chunk-types.js";
import type { RunSummary } from "../model/run-summary.js";
import type { UsageDeltaDocument } from "../model/document.js";
import { resolveInputs, type InputFiles, type SourceFlags } from "./resolve-inputs.js";

const NAMES = ["views", "downloads", "records", "membership"] as const;

/** The input files of a file run (undefined for OpenSearch), as resolve-inputs.ts finds them. */
export function inputFilesOf(flags: SourceFlags): InputFiles | undefined {
  return flags.source === "opensearch" ? undefined : resolveInputs(flags);
}

export function inputWarnings(flags: SourceFlags, inputs: InputFiles | undefined): string[] {
  if (flags.input === undefined || inputs === undefined) return [];
  const dir = flags.input;
  const warnings: string[] = [];
  for (const name of NAMES) {
    if (flags[name] !== undefined) continue; // named one by one: the directory's file is not read
    if (existsSync(join(dir, `${name}.ndjson`)) && existsSync(join(dir, `${name}.ndjson.gz`))) {
      warnings.push(`${dir} has both ${name}.ndjson and ${name}.ndjson.gz: only ${name}.ndjson is read`);
    }
  }
  if (inputs.records === undefined) warnings.push(`${dir} has no records.ndjson (nor --records): every event is of an unknown record and counts only in global, unless it names its communities`);
  if (inputs.membership === undefined) warnings.push(`${dir} has no membership.ndjson (nor --membership): events without community_ids of their own count in the communities their records name now, not those they were in on the day`);
  return warnings;
}

/** Rejected lines per source (file or index), for the warnings after the run. */
export class RejectTally {
  readonly bySource = new Map<string, number>();
  add(reject: RejectedLine): void {
    this.bySource.set(reject.source, (this.bySource.get(reject.source) ?? 0) + 1);
  }
}

export function runWarnings(summary: RunSummary, documents: readonly UsageDeltaDocument[], inputs: InputFiles | undefined, rejects: RejectTally): string[] {
  // Not in the metadata, and no event named it in its own community_ids either (all its days zero).
  const counted = new Set(documents.filter((d) => d.totals.view.total_events + d.totals.download.total_events > 0).map((d) => d.community_id));
  const warnings = summary.unknownCommunities.filter((community) => !counted.has(community))
    .map((community) => `--community ${community} appears nowhere in the data (no record, membership event or event names it): its documents are all zero`);
  if (inputs === undefined) return warnings;
  const rejected = (files: readonly (string | undefined)[]) => files.reduce((sum, file) => sum + (file === undefined ? 0 : rejects.bySource.get(file) ?? 0), 0);
  const all = (files: readonly string[], read: number) => {
    if (read > 0 && rejected(files) === read) warnings.push(`every line of ${files.join(", ")} was rejected (${read.toLocaleString("en")} lines): is it the right file?`);
  };
  all(inputs.views, summary.counts.readViews);
  all(inputs.downloads, summary.counts.readDownloads);
  const records = rejected([inputs.records]);
  if (inputs.records !== undefined && records > 0 && summary.records === 0) warnings.push(`every line of ${inputs.records} was rejected (${records.toLocaleString("en")} lines): is it the right file?`);
  return warnings;
}

export function formatWarnings(warnings: readonly string[]): string {
  return warnings.map((warning) => `  WARNING             ${warning}\n`).join("");
}
