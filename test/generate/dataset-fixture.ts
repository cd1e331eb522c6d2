// Test support for the generator: generate a dataset into a fresh temporary directory and
// read its NDJSON files back.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDataset, type GenerateOptions, type GenerateSummary } from "../../src/generate/generate-dataset.js";

export interface GeneratedFiles {
  dir: string;
  summary: GenerateSummary;
  /** Raw lines of each file (without the final empty string). */
  lines: Record<"views" | "downloads" | "records" | "membership", string[]>;
  remove(): Promise<void>;
}

export async function readLines(path: string): Promise<string[]> {
  const text = await readFile(path, "utf8");
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error(`${path} does not end with a newline`);
  return text.slice(0, -1).split("\n");
}

export async function generateInTemp(options: Omit<GenerateOptions, "outDir">): Promise<GeneratedFiles> {
  const dir = await mkdtemp(join(tmpdir(), "usage-delta-generate-"));
  const summary = await generateDataset({ ...options, outDir: dir });
  const lines = {
    views: await readLines(join(dir, "views.ndjson")),
    downloads: await readLines(join(dir, "downloads.ndjson")),
    records: await readLines(join(dir, "records.ndjson")),
    membership: await readLines(join(dir, "membership.ndjson")),
  };
  return { dir, summary, lines, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Parses lines that are expected to be JSON objects (records, membership, valid events). */
export function parseObjects(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}
