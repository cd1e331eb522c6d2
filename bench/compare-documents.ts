// Bench: reads a run's documents (NDJSON) and holds them to the reference run's with the
// project's one comparison (src/model/compare-documents.ts): every field equal except the
// run `timestamp`; with --approximate (the `search` backend's HyperLogLog counts) the
// unique_* numbers may differ, and their largest relative deviation is reported.
//
//   node dist/bench/compare-documents.js REFERENCE.ndjson OTHER.ndjson [--approximate]

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { compareDocuments, documentsMatch } from "../src/model/compare-documents.js";

export function readDocuments(path: string): unknown[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}

function main(argv: string[]): number {
  const files = argv.filter((arg) => !arg.startsWith("--"));
  if (files.length !== 2) {
    process.stderr.write("usage: compare-documents REFERENCE.ndjson OTHER.ndjson [--approximate]\n");
    return 2;
  }
  const comparison = compareDocuments(readDocuments(files[0]), readDocuments(files[1]));
  process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  return documentsMatch(comparison, argv.includes("--approximate")) ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
