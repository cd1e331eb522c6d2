// Bench: the generated datasets (fixed seed, git-ignored bench/data/) and their copy in
// OpenSearch. A dataset is reused while the generator's compiled code is unchanged; the
// OpenSearch copy is made by `generate --to-opensearch`, which writes the same files.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DataShape } from "../src/generate/data-shapes.js";
import { LARGE_DAYS, LARGE_SIZE } from "./bench-options.js";
import { runProcess } from "./run-process.js";

/** The command as installed (package.json "bin"): the bundle, with Node's compile cache where Node has one. */
export const CLI = "dist/bundle/usage-delta.js";
const GENERATOR_DIR = "dist/src/generate";
const MARKER = ".bench-dataset.json";

export interface Dataset {
  events: number;
  shape: DataShape;
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

function markerText(events: number, seed: number, shape: DataShape): string {
  return JSON.stringify({ events, seed, shape, days: daysOf(events, shape), generator: generatorHash() });
}

/** The shape's days, but 90 for the large (bounded-memory) dataset of the default shape. */
function daysOf(events: number, shape: DataShape): number | null {
  return events >= LARGE_SIZE && shape === "default" ? LARGE_DAYS : null;
}

async function generate(dir: string, events: number, seed: number, shape: DataShape, extra: string[]): Promise<number> {
  const days = daysOf(events, shape);
  const args = [
    CLI,
    "generate",
    "--out",
    dir,
    "--events",
    String(events),
    "--seed",
    String(seed),
    "--shape",
    shape,
    ...(days === null ? [] : ["--days", String(days)]),
  ];
  const result = await runProcess(process.execPath, [...args, ...extra]);
  if (result.exitCode !== 0) throw new Error(`generate ${events} events failed (exit ${result.exitCode}): ${lastLine(result.stderr)}`);
  writeFileSync(join(dir, MARKER), markerText(events, seed, shape));
  return result.wallMs;
}

/** The dataset's directory name under bench/data (the default shape keeps its old name). */
export function datasetName(events: number, seed: number, shape: DataShape): string {
  return `e${events}-s${seed}${shape === "default" ? "" : `-${shape}`}`;
}

/** Files of `events` events; with `openSearch`, also indexed there under a fresh prefix. */
export async function prepareDataset(
  dataDir: string,
  events: number,
  seed: number,
  shape: DataShape,
  openSearch: { url: string; prefix: string } | null,
): Promise<{ dataset: Dataset; timings: DatasetTimings }> {
  const dir = join(dataDir, datasetName(events, seed, shape));
  if (openSearch !== null) {
    const loadMs = await generate(dir, events, seed, shape, ["--to-opensearch", "--os-url", openSearch.url, "--index-prefix", openSearch.prefix]);
    return { dataset: { events, shape, dir, indexPrefix: openSearch.prefix }, timings: { generateMs: null, loadMs } };
  }
  const marker = join(dir, MARKER);
  const fresh = existsSync(marker) && readFileSync(marker, "utf8") === markerText(events, seed, shape);
  const generateMs = fresh ? null : await generate(dir, events, seed, shape, []);
  return { dataset: { events, shape, dir, indexPrefix: null }, timings: { generateMs, loadMs: null } };
}

export function lastLine(text: string): string {
  const lines = text
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "");
  return lines.length === 0 ? "" : lines[lines.length - 1].trim();
}
