// The options of `generateDataset`: one interface (all optional but outDir and events),
// one defaults object, validated once here with messages that name the option. The data
// shape (src/generate/data-shapes.ts) sets the defaults of days and records.

import { DATA_SHAPES, isDataShape, SHAPES, type DataShape } from "./data-shapes.js";

export interface GenerateOptions {
  /** Created if missing. */
  outDir: string;
  /** Total event lines (views + downloads, malformed ones included). */
  events: number;
  /** Default 1. */
  seed?: number;
  /** First UTC day, `YYYY-MM-DD`; default "2025-01-01". */
  start?: string;
  /** Default "default": the bench's original data; "repetitive": few busy records. */
  shape?: DataShape;
  /** Default 30 (shape "repetitive": 10). */
  days?: number;
  /** Default 8. */
  communities?: number;
  /** Default max(50, round(events / 20)), at most 100,000 (shape "repetitive": 400). */
  records?: number;
  /** Share of malformed event lines in [0, 1]; default 0. */
  invalidRate?: number;
}

export type ResolvedGenerateOptions = Required<GenerateOptions>;

export const GENERATE_DEFAULTS = { seed: 1, start: "2025-01-01", shape: "default", communities: 8, invalidRate: 0 } as const;

export class GenerateOptionError extends Error {
  readonly code = "INVALID_GENERATE_OPTION";

  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`generate: option "${option}" ${message}`);
    this.name = "GenerateOptionError";
  }
}

function integer(option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new GenerateOptionError(option, `must be an integer >= ${min}, got ${value}`);
  return value;
}

function isDay(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

export function resolveGenerateOptions(options: GenerateOptions): ResolvedGenerateOptions {
  if (typeof options.outDir !== "string" || options.outDir === "") throw new GenerateOptionError("outDir", "must be a non-empty path");
  const events = integer("events", options.events, 0);
  const start = options.start ?? GENERATE_DEFAULTS.start;
  if (!isDay(start)) throw new GenerateOptionError("start", `must be a day YYYY-MM-DD, got "${start}"`);
  const invalidRate = options.invalidRate ?? GENERATE_DEFAULTS.invalidRate;
  if (!(invalidRate >= 0 && invalidRate <= 1)) throw new GenerateOptionError("invalidRate", `must be in [0, 1], got ${invalidRate}`);
  const shape = options.shape ?? GENERATE_DEFAULTS.shape;
  if (!isDataShape(shape)) throw new GenerateOptionError("shape", `must be one of ${DATA_SHAPES.join(", ")}, got "${String(shape)}"`);
  return {
    outDir: options.outDir,
    events,
    seed: integer("seed", options.seed ?? GENERATE_DEFAULTS.seed, 0),
    start,
    shape,
    days: integer("days", options.days ?? SHAPES[shape].days, 1),
    communities: integer("communities", options.communities ?? GENERATE_DEFAULTS.communities, 0),
    records: integer("records", options.records ?? SHAPES[shape].records(events), 1),
    invalidRate,
  };
}
