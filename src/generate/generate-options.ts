// The options of `generateDataset`: one interface (all optional but outDir and events),
// one defaults object, validated once here with messages that name the option.

export interface GenerateOptions {
  /** Created if missing. */
  outDir: string;
  /** Total event lines (views + downloads, malformed ones included). */
  events: number;
  /** Default 1. */
  seed?: number;
  /** First UTC day, `YYYY-MM-DD`; default "2025-01-01". */
  start?: string;
  /** Default 30. */
  days?: number;
  /** Default 8. */
  communities?: number;
  /** Default max(50, round(events / 20)), at most 100,000. */
  records?: number;
  /** Share of malformed event lines in [0, 1]; default 0. */
  invalidRate?: number;
}

export type ResolvedGenerateOptions = Required<GenerateOptions>;

export const GENERATE_DEFAULTS = { seed: 1, start: "2025-01-01", days: 30, communities: 8, invalidRate: 0 } as const;

const MAX_DEFAULT_RECORDS = 100_000;

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
  const defaultRecords = Math.min(MAX_DEFAULT_RECORDS, Math.max(50, Math.round(events / 20)));
  return {
    outDir: options.outDir,
    events,
    seed: integer("seed", options.seed ?? GENERATE_DEFAULTS.seed, 0),
    start,
    days: integer("days", options.days ?? GENERATE_DEFAULTS.days, 1),
    communities: integer("communities", options.communities ?? GENERATE_DEFAULTS.communities, 0),
    records: integer("records", options.records ?? defaultRecords, 1),
    invalidRate,
  };
}
