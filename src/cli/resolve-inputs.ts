// `--input DIR` names the four files by convention; explicit flags win. Every named file
// must exist, so a typo is a clear error before any work starts.

import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageDeltaError, EXIT, UsageError } from "../model/errors.js";

export interface InputFiles {
  views: string[];
  downloads: string[];
  records?: string;
  membership?: string;
}

export interface InputFlags {
  input?: string;
  views?: string[];
  downloads?: string[];
  records?: string;
  membership?: string;
}

export function resolveInputs(flags: InputFlags): InputFiles {
  const inDir = (name: string): string | undefined => {
    if (flags.input === undefined) return undefined;
    for (const candidate of [join(flags.input, name), join(flags.input, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
    return undefined;
  };
  if (flags.input !== undefined && !(existsSync(flags.input) && statSync(flags.input).isDirectory())) {
    throw new UsageDeltaError("INPUT_MISSING", `--input: no such directory: ${flags.input}`, EXIT.invalidInput);
  }
  const views = flags.views ?? optionalList(inDir("views.ndjson"));
  const downloads = flags.downloads ?? optionalList(inDir("downloads.ndjson"));
  const files: InputFiles = {
    views,
    downloads,
    records: flags.records ?? inDir("records.ndjson"),
    membership: flags.membership ?? inDir("membership.ndjson"),
  };
  if (views.length + downloads.length === 0) {
    throw new UsageError(
      flags.input === undefined
        ? "no events to read: give --input DIR or --views/--downloads FILE"
        : `no events to read: ${flags.input} has neither views.ndjson nor downloads.ndjson (.gz)`,
    );
  }
  for (const path of [...views, ...downloads, files.records, files.membership]) {
    if (path !== undefined && !existsSync(path)) throw new UsageDeltaError("INPUT_MISSING", `no such file: ${path}`, EXIT.invalidInput);
  }
  return files;
}

function optionalList(path: string | undefined): string[] {
  return path === undefined ? [] : [path];
}
