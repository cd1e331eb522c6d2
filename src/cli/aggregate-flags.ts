// The flags of `usage-delta aggregate`, in --help order: one table, from which commander's
// options and the AggregateFlags type both come (flag-table.ts). Engine defaults come from
// the engine's own table; `--sink` takes its choices from the sink registry.

import { totalmem } from "node:os";
import { ENGINE_DEFAULTS } from "../coordinator/run-aggregation.js";
import type { BackendChoice } from "../model/backend.js";
import { EXIT } from "../model/errors.js";
import { SINK_NAMES, SINKS, type SinkName } from "../sinks/sink-registry.js";
import type { FlagValues } from "./flag-table.js";
import { LOG_FORMATS } from "./log-format.js";
import { LOG_LEVELS } from "./logger.js";
import { OPENSEARCH_FLAGS } from "./opensearch-flags.js";
import { byteSize, collect, day, nonNegativeNumber, positiveInteger } from "./parse-flags.js";
import type { SourceKind } from "./resolve-inputs.js";

const BACKENDS: readonly BackendChoice[] = ["auto", "parallel", "memory", "search"];
const SOURCES: readonly SourceKind[] = ["files", "opensearch"];
const sinkChoices = SINK_NAMES.map((name) => `${name}: ${SINKS[name].help}`).join("; ");

export const AGGREGATE_FLAGS = {
  source: {
    flags: "--source <kind>",
    description: "where the events are: NDJSON files, or the InvenioRDM indices in OpenSearch (--os-url)",
    choices: SOURCES,
    default: "files",
  },
  input: { flags: "--input <dir>", description: "directory with views.ndjson, downloads.ndjson, records.ndjson, membership.ndjson (.gz too)" },
  views: { flags: "--views <file...>", description: "view events (NDJSON, .gz too)" },
  downloads: { flags: "--downloads <file...>", description: "download events (NDJSON, .gz too)" },
  records: { flags: "--records <file>", description: "record metadata (InvenioRDM record documents, NDJSON)" },
  membership: { flags: "--membership <file>", description: "community membership events (NDJSON)" },
  start: { flags: "--start <day>", description: "first UTC day, YYYY-MM-DD (default: first day with events)", parse: day("--start") },
  end: { flags: "--end <day>", description: "last UTC day, inclusive (default: last day with events)", parse: day("--end") },
  community: { flags: "--community <id>", description: "a community to report (repeatable; default: every community seen), global always", parse: collect },
  backend: {
    flags: "--backend <name>",
    description: "engine backend; auto: the planner picks (--explain says why)",
    choices: BACKENDS,
    default: ENGINE_DEFAULTS.backend,
  },
  maxMemory: {
    flags: "--max-memory <size>",
    description: "memory budget, e.g. 2G or 512M; a run that would need more goes in day windows; one below the least the run can use (--explain) is refused",
    parse: byteSize("--max-memory"),
    default: Math.floor(totalmem() / 2),
    defaultText: `half of this machine's memory, ${Math.round(totalmem() / 2 / 2 ** 30)} GiB`,
  },
  bytesPerEvent: {
    flags: "--bytes-per-event <n>",
    description: "override the measured memory per held event the planner uses",
    parse: positiveInteger("--bytes-per-event"),
  },
  explain: { flags: "--explain", description: "print the planner's decisions and why", default: false },
  timeout: {
    flags: "--timeout <seconds>",
    description: "stop after this long: write the complete days, report the rest, exit 75",
    parse: positiveInteger("--timeout"),
  },
  communityTimeout: {
    flags: "--community-timeout <seconds>",
    description: "the most any one day window may take (every community is computed in the same windows); over it: as --timeout",
    parse: positiveInteger("--community-timeout"),
  },
  sinceBookmark: {
    flags: "--since-bookmark",
    description: "start at the bookmarks (per community, the last complete day written; it is redone); none yet: the first day with events",
    default: false,
  },
  metadataCache: { flags: "--metadata-cache <dir>", description: "keep record metadata and membership in DIR between runs; fetch only what changed since" },
  threads: {
    flags: "--threads <n>",
    description: "worker threads of the parallel backend",
    parse: positiveInteger("--threads"),
    default: ENGINE_DEFAULTS.threads,
  },
  chunkSize: {
    flags: "--chunk-size <n>",
    description: "events per chunk (the last ones smaller with several threads)",
    parse: positiveInteger("--chunk-size"),
    default: ENGINE_DEFAULTS.chunkSize,
  },
  out: {
    flags: "--out <file>",
    description: "output file, replaced atomically (a symlink: its target); - for stdout; a device, FIFO or pipe is written through",
    default: "-",
  },
  sink: {
    flags: "--sink <kind>",
    description: `where the documents go; ${sinkChoices}`,
    choices: SINK_NAMES as readonly SinkName[],
    default: "file" as SinkName,
  },
  dryRun: { flags: "--dry-run", description: "with --sink opensearch: say which indices and ids would be written, write nothing", default: false },
  checkExact: {
    flags: "--check-exact",
    description: "with --backend search: compute the exact counts too and report how far the approximate ones are off",
    default: false,
  },
  rejects: { flags: "--rejects <file>", description: "where rejected lines go (default: <out>.rejects.ndjson, or usage-delta.rejects.ndjson)" },
  onInvalid: {
    flags: "--on-invalid <mode>",
    description: "skip bad lines (to the rejects file) or fail on the first",
    choices: ["skip", "fail"] as const,
    default: ENGINE_DEFAULTS.onInvalid,
  },
  includeRobots: { flags: "--include-robots", description: "count events flagged is_robot (excluded by default)", default: false },
  excludeMachines: { flags: "--exclude-machines", description: "drop events flagged is_machine", default: false },
  excludeApi: { flags: "--exclude-api", description: "drop events flagged via_api", default: false },
  eventCommunitiesOnly: {
    flags: "--event-communities-only",
    description:
      "an event without community_ids counts in global only, as invenio-stats-dashboard's aggregator counted it (for continuity; default: the communities its record belonged to that day)",
    default: false,
  },
  logLevel: { flags: "--log-level <level>", description: "pino log level", choices: LOG_LEVELS, default: "info" },
  logFormat: {
    flags: "--log-format <format>",
    description: "logs as JSON lines, or short lines for people; auto: pretty when stderr is a terminal",
    choices: LOG_FORMATS,
    default: "auto",
  },
  lockWait: {
    flags: "--lock-wait <seconds>",
    description: `wait this long for another run writing the same output to finish (default 0: exit ${EXIT.locked} at once, naming it)`,
    parse: nonNegativeNumber("--lock-wait"),
    default: 0,
  },
  json: {
    flags: "--json",
    description: "the final summary as one JSON line on stderr instead of the human one (outcome, exit code, counts, bookmarks, warnings)",
    default: false,
  },
  summaryFile: { flags: "--summary-file <file>", description: "also write that JSON summary to FILE (with or without --json)" },
  ...OPENSEARCH_FLAGS,
} as const;

export type AggregateFlags = FlagValues<typeof AGGREGATE_FLAGS>;
