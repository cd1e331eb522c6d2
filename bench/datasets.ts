// Bench: the generated datasets (fixed seed, git-ignored bench/data/) and their copy in
// OpenSearch. A dataset is reused while the generator's compiled code is unchanged; the
// OpenSearch copy is made by `generate --to-opensearch`, which writes the same files.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LARGE_DAYS, LARGE_SIZE } from "./bench-options.js";
import { runProcess } from "./run-process.js";

export const CLI = "dist/src/cli/main.js";
const GENERATOR_DIR = "dist/src/generate";
const MARKER = ".bench-dataset.json";

export interface Dataset {
  events: number;
  dir: string;
  /** Index prefix of its OpenSearch copy, when loaded. */
  indexPrefix: string | null;
}

export interface DatasetTimings {
  generateMs: number | null;
  loadMs: number | null;
}

function generatorHash(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(GENERATOR_DIR).sort()) {
    if (name.endsWith(".js")) hash.update(name).update(readFileSync(join(GENERATOR_DIR, name)));
  }
  return hash.digest("hex").slice(0, 16);
}

function markerText(events: number, seed: number): string {
  return JSON.stringify({ events, seed, days: daysOf(events), generator: generatorHash() });
}

/** The generator's days: its default, but 90 for the large (bounded-memory) dataset. */
function daysOf(events: number): number | null {
  return events >= LARGE_SIZE ? LARGE_DAYS : null;
}

async function generate(dir: string, events: number, seed: number, extra: string[]): Promise<number> {
  const days = daysOf(events);
  const result = await runProcess(process.execPath, [CLI, "generate", "--out", dir, "--events", String(events), "--seed", String(seed), ...(days === null ? [] : ["--days", String(days)]), ...extra]);
  if (result.exitCode !== 0) throw new Error(`generate ${events} events failed (exit ${result.exitCode}): ${lastLine(result.stderr)}`);
  writeFileSync(join(dir, MARKER), markerText(events, seed));
  return result.wallMs;
}

/** Files of `events` events; with `openSearch`, also indexed there under a fresh prefix. */
export async function prepareDataset(
  dataDir: string, events: number, seed: number, openSearch: { url: string; prefix: string } | null,
): Promise<{ dataset: Dataset; timings: DatasetTimings }> {
  const dir = join(dataDir, `e${events}-s${seed}`);
  if (openSearch !== null) {
    const loadMs = await generate(dir, events, seed, ["--to-opensearch", "--os-url", openSearch.url, "--index-prefix", openSearch.prefix]);
    return { dataset: { events, dir, indexPrefix: openSearch.prefix }, timings: { generateMs: null, loadMs } };
  }
  const marker = join(dir, MARKER);
  const fresh = existsSync(marker) && readFileSync(marker, "utf8") === markerText(events, seed);
  const generateMs = fresh ? null : await generate(dir, events, seed, []);
  return { dataset: { events, dir, indexPrefix: null }, timings: { generateMs, loadMs: null } };
}

export function lastLine(text: string): string {
  const lines = text.trim().split("\n").filter((line) => line.trim() !== "");
  return lines.length === 0 ? "" : lines[lines.length - 1].trim();
}
