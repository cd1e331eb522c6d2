// `usage-delta aggregate`: flags -> the job's config and sink (src/job/), and the job's
// outcome -> the exit code. The flags are one table (aggregate-flags.ts).

import { PassThrough, Writable } from "node:stream";
import { Command } from "commander";
import type { EngineOptions } from "../coordinator/run-aggregation.js";
import { UsageError } from "../model/errors.js";
import { runAggregateJob, type AggregateJobConfig } from "../job/run-aggregate-job.js";
import type { RunReporter } from "../job/run-report.js";
import type { SinkKind } from "../sinks/document-sink.js";
import { DRY_RUN_SINK_NAMES, sinkKind } from "../sinks/sink-registry.js";
import { AGGREGATE_FLAGS, type AggregateFlags } from "./aggregate-flags.js";
import { EXIT_CODES_HELP } from "./exit-codes-help.js";
import { addFlags } from "./flag-table.js";
import { inputFilesOf, inputWarnings } from "./input-warnings.js";
import { createLogger } from "./logger.js";
import { lazyCluster } from "./opensearch-flags.js";
import { createProgress } from "./progress.js";
import { reportRun } from "./report-run.js";
import { openEventInput } from "./resolve-inputs.js";

export function aggregateCommand(): Command {
  const command = addFlags(
    new Command("aggregate").description("compute the daily usage-delta documents of every community from usage events"),
    AGGREGATE_FLAGS,
  );
  command.addHelpText("after", EXIT_CODES_HELP);
  return command.action(async (flags: AggregateFlags, cmd: Command) => {
    const given: GivenFlags = { maxMemory: cmd.getOptionValueSource("maxMemory") === "cli", threads: cmd.getOptionValueSource("threads") === "cli" };
    const kind = sinkKind(flags.sink);
    await reportRun({ ...flags, output: kind.output(flags) }, async (run) => {
      const code = await runAggregateCommand(flags, kind, given, run);
      if (code !== 0) process.exitCode = code;
    });
  });
}

/** Flags given on the command line, not defaulted: the planner holds to those (a budget below the floor is refused, a thread count is kept). */
interface GivenFlags {
  maxMemory: boolean;
  threads: boolean;
}

/** The engine options the flags ask for. */
function engineOptions(flags: AggregateFlags, given: GivenFlags): EngineOptions {
  return {
    start: flags.start,
    end: flags.end,
    communities: flags.community,
    backend: flags.backend,
    threads: flags.threads,
    chunkSize: flags.chunkSize,
    maxMemoryBytes: flags.maxMemory,
    maxMemoryGiven: given.maxMemory,
    threadsGiven: given.threads,
    bytesPerEvent: flags.bytesPerEvent,
    onInvalid: flags.onInvalid,
    includeRobots: flags.includeRobots,
    excludeMachines: flags.excludeMachines,
    excludeApi: flags.excludeApi,
    eventCommunitiesOnly: flags.eventCommunitiesOnly,
    windowTimeoutMs: flags.communityTimeout === undefined ? undefined : flags.communityTimeout * 1000,
    metadataCacheDir: flags.metadataCache,
  };
}

async function runAggregateCommand(flags: AggregateFlags, kind: SinkKind, given: GivenFlags, run: RunReporter): Promise<number> {
  const progress = createProgress();
  const logger = createLogger(flags.logLevel, flags.logFormat, () => progress.done());
  if (flags.dryRun && kind.dryRun !== true) throw new UsageError(`--dry-run goes with --sink ${DRY_RUN_SINK_NAMES.join(", ")}`);
  if (flags.checkExact && flags.backend !== "search") throw new UsageError("--check-exact goes with --backend search");
  // The one cluster of a run: the search backend's, the sink's, or one named for the planner,
  // which may hand days too big for memory to the search backend; checked before any work.
  const usedBy =
    flags.backend === "search"
      ? "--backend search"
      : kind.needsCluster?.(flags) === true
        ? `--sink ${flags.sink}`
        : flags.backend === "auto" && flags.osUrl !== undefined
          ? "--os-url"
          : undefined;
  const cluster = lazyCluster(flags, usedBy ?? "--os-url");
  try {
    const sink = await kind.open({ ...flags, cluster: cluster.get, onLockProblem: (why) => logger.error({ lock: why }, why) });
    const client = usedBy === undefined ? undefined : await cluster.get();
    const config: AggregateJobConfig = {
      engine: engineOptions(flags, given),
      sinceBookmark: flags.sinceBookmark,
      rejects: flags.rejects,
      lockWait: flags.lockWait,
      timeoutSeconds: flags.timeout,
      search: client === undefined ? undefined : { client, prefix: flags.indexPrefix, compareExact: flags.checkExact },
      async openInput(start) {
        const input = await openEventInput({ ...flags, start });
        const files = inputFilesOf(flags);
        return { ...input, files, warnings: inputWarnings(flags, files) };
      },
    };
    // With --json the human summary gives way to the JSON report (run-report.ts).
    // The progress line clears itself before each of its lines.
    const human = flags.json
      ? new PassThrough().resume()
      : new Writable({
          write(chunk: Buffer, _encoding, done) {
            progress.done();
            process.stderr.write(chunk);
            done();
          },
        });
    // Once: as a `plan:` line with --explain, else in the log (the summary's `plan` lists them all).
    const onNote = (note: string) => {
      if (flags.explain) {
        progress.done();
        process.stderr.write(`plan: ${note}\n`);
      } else logger.info({ note }, "plan");
    };
    const outcome = await runAggregateJob(config, sink, { logger, report: run, human, onNote, progress });
    return outcome.exitCode;
  } finally {
    progress.done();
    await cluster.close();
  }
}
