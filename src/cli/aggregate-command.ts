// `usage-delta aggregate`: the main job. Flags -> options, run, write the documents and
// the rejects, print the summary.

import { availableParallelism, totalmem } from "node:os";
import { PassThrough, Writable } from "node:stream";
import { Command, Option } from "commander";
import type { Client } from "@opensearch-project/opensearch";
import type { BackendChoice } from "../model/backend.js";
import { runAggregation, type EngineOptions } from "../coordinator/run-aggregation.js";
import { EXIT } from "../model/errors.js";
import { RejectsFile } from "../sinks/rejects-file.js";
import { UsageError } from "../model/errors.js";
import { createLogger, LOG_LEVELS } from "./logger.js";
import { addOpenSearchFlags, openSearchConnection } from "./opensearch-flags.js";
import { byteSize, collect, day, nonNegativeNumber, oneOf, positiveInteger } from "./parse-flags.js";
import { deliverDocuments } from "./deliver-documents.js";
import { EXIT_CODES_HELP } from "./exit-codes-help.js";
import { openIncremental } from "./incremental-run.js";
import { checkOutputPaths } from "./output-paths.js";
import { createProgress } from "./progress.js";
import { openEventInput, type EventInput, type SourceFlags, type SourceKind } from "./resolve-inputs.js";
import { guardOutput, type OutputGuard } from "./output-guard.js";
import { LOG_FORMATS, type LogFormat } from "./log-format.js";
import { inputFilesOf, inputWarnings, RejectTally, runWarnings } from "./run-warnings.js";
import { reportRun } from "./report-run.js";
import type { RunReporter } from "./run-report.js";

const BACKENDS: readonly BackendChoice[] = ["auto", "parallel", "memory", "search"];
const SINKS = ["file", "opensearch"] as const;
const SOURCES: readonly SourceKind[] = ["files", "opensearch"];

interface AggregateFlags extends SourceFlags {
  community?: string[];
  backend: BackendChoice;
  chunkSize: number;
  maxMemory: number;
  /** --max-memory given, not defaulted (a budget below the run's floor is then refused). */
  maxMemoryGiven?: boolean;
  threadsGiven?: boolean;
  bytesPerEvent?: number;
  explain: boolean;
  timeout?: number;
  out: string;
  rejects?: string;
  onInvalid: "skip" | "fail";
  includeRobots: boolean;
  excludeMachines: boolean;
  excludeApi: boolean;
  eventCommunitiesOnly: boolean;
  logLevel: string;
  sink: (typeof SINKS)[number];
  dryRun: boolean;
  checkExact: boolean;
  communityTimeout?: number;
  sinceBookmark: boolean;
  metadataCache?: string;
  lockWait: number;
  logFormat: LogFormat;
  json: boolean;
  summaryFile?: string;
}

export function aggregateCommand(): Command {
  const command = new Command("aggregate")
    .description("compute the daily usage-delta documents of every community from usage events")
    .addOption(new Option("--source <kind>", "where the events are: NDJSON files, or the InvenioRDM indices in OpenSearch (--os-url)").choices(SOURCES).default("files"))
    .option("--input <dir>", "directory with views.ndjson, downloads.ndjson, records.ndjson, membership.ndjson (.gz too)")
    .option("--views <file...>", "view events (NDJSON, .gz too)")
    .option("--downloads <file...>", "download events (NDJSON, .gz too)")
    .option("--records <file>", "record metadata (InvenioRDM record documents, NDJSON)")
    .option("--membership <file>", "community membership events (NDJSON)")
    .option("--start <day>", "first UTC day, YYYY-MM-DD (default: first day with events)", day("--start"))
    .option("--end <day>", "last UTC day, inclusive (default: last day with events)", day("--end"))
    .option("--community <id>", "a community to report (repeatable; default: every community seen), global always", collect)
    .addOption(new Option("--backend <name>", "engine backend; auto: the planner picks (--explain says why)").choices(BACKENDS).default("auto"))
    .addOption(
      new Option("--max-memory <size>", "memory budget, e.g. 2G or 512M; a run that would need more goes in day windows; one below the least the run can use (--explain) is refused")
        .argParser(byteSize("--max-memory"))
        .default(Math.floor(totalmem() / 2), `half of this machine's memory, ${Math.round(totalmem() / 2 / 2 ** 30)} GiB`),
    )
    .option("--bytes-per-event <n>", "override the measured memory per held event the planner uses", positiveInteger("--bytes-per-event"))
    .option("--explain", "print the planner's decisions and why", false)
    .option("--timeout <seconds>", "stop after this long: write the complete days, report the rest, exit 75", positiveInteger("--timeout"))
    .option("--community-timeout <seconds>", "the most any one day window may take (every community is computed in the same windows); over it: as --timeout", positiveInteger("--community-timeout"))
    .option("--since-bookmark", "start at the bookmarks (per community, the last complete day written; it is redone); none yet: the first day with events", false)
    .option("--metadata-cache <dir>", "keep record metadata and membership in DIR between runs; fetch only what changed since")
    .option("--threads <n>", "worker threads of the parallel backend", positiveInteger("--threads"), availableParallelism())
    .option("--chunk-size <n>", "events per chunk (the last ones smaller with several threads)", positiveInteger("--chunk-size"), 50_000)
    .option("--out <file>", "output NDJSON file, replaced atomically (a symlink: its target); - for stdout; a device, FIFO or pipe is written through", "-")
    .addOption(new Option("--sink <kind>", "where the documents go: the --out file, or the usage-delta indices in OpenSearch (--os-url)").choices(SINKS).default("file"))
    .option("--dry-run", "with --sink opensearch: say which indices and ids would be written, write nothing", false)
    .option("--check-exact", "with --backend search: compute the exact counts too and report how far the approximate ones are off", false)
    .option("--rejects <file>", "where rejected lines go (default: <out>.rejects.ndjson, or usage-delta.rejects.ndjson)")
    .addOption(new Option("--on-invalid <mode>", "skip bad lines (to the rejects file) or fail on the first").choices(["skip", "fail"]).default("skip"))
    .option("--include-robots", "count events flagged is_robot (excluded by default)", false)
    .option("--exclude-machines", "drop events flagged is_machine", false)
    .option("--exclude-api", "drop events flagged via_api", false)
    .option("--event-communities-only", "an event without community_ids counts in global only, as invenio-stats-dashboard's aggregator counted it (for continuity; default: the communities its record belonged to that day)", false)
    .addOption(new Option("--log-level <level>", "pino log level").choices(LOG_LEVELS).default("info"))
    .addOption(new Option("--log-format <format>", "logs as JSON lines, or short lines for people; auto: pretty when stderr is a terminal").choices(LOG_FORMATS).default("auto"))
    .option("--lock-wait <seconds>", `wait this long for another run writing the same output to finish (default 0: exit ${EXIT.locked} at once, naming it)`, nonNegativeNumber("--lock-wait"), 0)
    .option("--json", "the final summary as one JSON line on stderr instead of the human one (outcome, exit code, counts, bookmarks, warnings)", false)
    .option("--summary-file <file>", "also write that JSON summary to FILE (with or without --json)");
  command.addHelpText("after", EXIT_CODES_HELP);
  return addOpenSearchFlags(command).action(async (flags: AggregateFlags, cmd: Command) => {
    const given = { ...flags, maxMemoryGiven: cmd.getOptionValueSource("maxMemory") === "cli", threadsGiven: cmd.getOptionValueSource("threads") === "cli" };
    await reportRun(given, (run) => runAggregateCommand(given, run));
  });
}

async function runAggregateCommand(flags: AggregateFlags, run: RunReporter): Promise<void> {
  const progress = createProgress();
  const logger = createLogger(flags.logLevel, flags.logFormat, () => progress.done());
  const warn = (warning: string) => { run.warn(warning); logger.warn(warning); };
  const tally = new RejectTally();
  const options: EngineOptions = {
    start: flags.start,
    end: flags.end,
    communities: flags.community,
    backend: oneOf("--backend", BACKENDS)(flags.backend),
    threads: flags.backend === "memory" ? 1 : flags.threads,
    chunkSize: flags.chunkSize,
    maxMemoryBytes: flags.maxMemory,
    maxMemoryGiven: flags.maxMemoryGiven,
    threadsGiven: flags.threadsGiven,
    bytesPerEvent: flags.bytesPerEvent,
    onInvalid: flags.onInvalid,
    includeRobots: flags.includeRobots,
    excludeMachines: flags.excludeMachines,
    excludeApi: flags.excludeApi,
    eventCommunitiesOnly: flags.eventCommunitiesOnly,
    windowTimeoutMs: flags.communityTimeout === undefined ? undefined : flags.communityTimeout * 1000,
    metadataCacheDir: flags.metadataCache,
  };
  const paths = await checkOutputPaths(flags);
  const rejects = new RejectsFile(paths.rejects);
  // With --json the human summary gives way to the JSON report (run-report.ts).
  // The progress line clears itself before each of its lines.
  const human: NodeJS.WritableStream = flags.json ? new PassThrough().resume() : new Writable({ write(chunk: Buffer, _encoding, done) { progress.done(); process.stderr.write(chunk); done(); } });
  const cluster = await openCluster(flags);
  let guard: OutputGuard | undefined;
  let input: EventInput | undefined;
  let stop: ReturnType<typeof stopController> | undefined;
  try {
    // The lock before the bookmarks are read: they belong to the run that holds it.
    guard = await guardOutput({ ...flags, streamOutput: paths.streamOutput }, cluster, logger);
    const incremental = await openIncremental({ ...flags, streamOutput: paths.streamOutput }, cluster);
    options.start = incremental.start;
    input = await openEventInput({ ...flags, start: incremental.start });
    const inputFiles = inputFilesOf(flags);
    stop = stopController(flags.timeout);
    logger.info({ ...input.description, backend: options.backend, threads: options.threads, chunkSize: options.chunkSize }, "aggregation started");
    // Once: as a `plan:` line with --explain, else in the log (the summary's `plan` lists them all).
    const onNote = (note: string) => {
      if (flags.explain) { progress.done(); process.stderr.write(`plan: ${note}\n`); } else logger.info({ note }, "plan");
    };
    if (incremental.note !== undefined) onNote(incremental.note);
    const search = cluster === undefined ? undefined : { client: cluster, prefix: flags.indexPrefix, compareExact: flags.checkExact };
    const { documents, summary, search: searchReport } = await runAggregation(input.source, options, {
      onReject: (reject) => { rejects.add(reject); tally.add(reject); },
      onProgress: (u) => progress.update(u),
      onNote,
      search,
      signal: guard === undefined ? stop.signal : AbortSignal.any([stop.signal, guard.lost]),
    });
    progress.done();
    run.report.summary = summary;
    // After the run (a run refused up front ends with its one line alone).
    [...inputWarnings(flags, inputFiles), ...runWarnings(summary, documents, inputFiles, tally)].forEach(warn);
    // Every reject on disk before the output replaces anything (a full disk stops here).
    await rejects.close();
    summary.rejectsPath = rejects.count > 0 ? rejects.path : null;
    // A lost lock (taken over after it expired) stops the writing as Ctrl-C does.
    const interrupts = guard === undefined ? stop.interrupts : AbortSignal.any([stop.interrupts, guard.lost]);
    await deliverDocuments({ flags, streamOutput: paths.streamOutput, documents, summary, searchReport, incremental, cluster, logger, interrupts, human, run, progress });
  } catch (error) {
    run.fail(error);
    throw error;
  } finally {
    stop?.dispose();
    progress.done();
    await rejects.close().catch(() => {}); // a failure of its own was thrown when it happened
    await input?.close();
    await guard?.finish(run.finish());
    await cluster?.close();
  }
}

/**
 * Ctrl-C and --timeout abort the run between chunks and windows; the engine then stops
 * the workers and returns the complete days. `interrupts` is aborted by Ctrl-C only: it
 * stops the OpenSearch sink between bulk requests (a timeout still writes its complete
 * days). A second Ctrl-C exits at once.
 */
function stopController(timeoutSeconds: number | undefined): { signal: AbortSignal; interrupts: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const interrupts = new AbortController();
  const onSigint = () => {
    if (interrupts.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write("\nusage-delta: interrupted, stopping (Ctrl-C again to quit at once)\n");
    interrupts.abort("interrupt");
    controller.abort("interrupt");
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => controller.abort("timeout"), timeoutSeconds * 1000);
  timer?.unref();
  return {
    signal: controller.signal,
    interrupts: interrupts.signal,
    dispose() {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigint);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** The cluster of the OpenSearch sink or the search backend (none otherwise, nor for a dry run), checked before any work. */
async function openCluster(flags: AggregateFlags): Promise<Client | undefined> {
  if (flags.dryRun && flags.sink !== "opensearch") throw new UsageError("--dry-run goes with --sink opensearch");
  if (flags.checkExact && flags.backend !== "search") throw new UsageError("--check-exact goes with --backend search");
  const usedBy = flags.backend === "search" ? "--backend search" : flags.sink === "opensearch" && !flags.dryRun ? "--sink opensearch"
    // The planner may hand days too big for memory to the search backend: only on a cluster named here.
    : flags.backend === "auto" && flags.osUrl !== undefined ? "--os-url" : undefined;
  if (usedBy === undefined) return undefined;
  const { connectOpenSearch } = await import("../opensearch/connect.js");
  return connectOpenSearch(openSearchConnection(flags, usedBy));
}
