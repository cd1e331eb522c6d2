// Warnings about the input flags, before the run: an input directory without records or
// membership, a file present both plain and gzipped (the job adds those after the run,
// src/job/run-warnings.ts).

import { existsSync } from "node:fs";
import { join } from "node:path";
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
  if (inputs.records === undefined)
    warnings.push(
      `${dir} has no records.ndjson (nor --records): every event is of an unknown record and counts only in global, unless it names its communities`,
    );
  if (inputs.membership === undefined)
    warnings.push(
      `${dir} has no membership.ndjson (nor --membership): events without community_ids of their own count in the communities their records name now, not those they were in on the day`,
    );
  return warnings;
}
