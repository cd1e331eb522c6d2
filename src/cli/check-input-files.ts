// The input files, checked before any work starts: each must exist and be something that
// can be read as a file (a directory cannot), and no event file may be given twice (by
// the same path or by two paths to one file: its events would be counted twice).

import { statSync, type Stats } from "node:fs";
import { EXIT, UsageDeltaError, UsageError } from "../model/errors.js";

export interface NamedInputFiles {
  views: string[];
  downloads: string[];
  records?: string;
  membership?: string;
}

export function checkInputFiles(files: NamedInputFiles): void {
  const seen = new Map<string, string>();
  for (const path of [...files.views, ...files.downloads]) {
    const stats = fileStats(path);
    // A pipe or a FIFO has an inode too, and is as much the same input.
    const identity = `${stats.dev}:${stats.ino}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      throw new UsageError(earlier === path ? `the same file is given twice: ${path}` : `the same file is given twice: ${earlier} and ${path}`);
    }
    seen.set(identity, path);
  }
  for (const path of [files.records, files.membership]) if (path !== undefined) fileStats(path);
}

/** The file's stats; a missing file or a directory is a one-line error naming it. */
function fileStats(path: string): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new UsageDeltaError("INPUT_MISSING", `no such file: ${path}`, EXIT.invalidInput);
    throw error;
  }
  if (stats.isDirectory()) throw new UsageDeltaError("INPUT_INVALID", `a directory, not a file: ${path}`, EXIT.invalidInput);
  return stats;
}
