// The aggregate job, whatever the sink: the output's lock, where the run starts (the
// bookmarks), the aggregation, the write, the bookmarks moved, the summary. `aggregate`
// and `demo` call it with a config mapped from their flags, tests and the benchmark
// likewise; the sink is a value (src/sinks/document-sink.ts), named by `--sink`.

import type { Logger } from "pino";
import { resolveEngineOptions, type EngineOptions, type ProgressUpdate } from "../coordinator/engine-options.js";
import { runAggregation } from "../coordinator/run-aggregation.js";
import type { UsageDeltaDocument } from "../model/document.js";
import type { RunSummary } from "../model/run-summary.js";
import type { SearchBackendConfig } from "../search-backend/group-with-search.js";
import type { DocumentSink } from "../sinks/document-sink.js";
import type { EventSource } from "../sources/event-source.js";
import type { EventFiles } from "../sources/file-event-source.js";
import { checkOutputWritable } from "../sinks/output-target.js";
import { RejectsFile } from "../sinks/rejects-file.js";
import { startAtBookmarks } from "./bookmarks.js";
import { deliverDocuments } from "./deliver-documents.js";
import { guardOutput, type OutputGuard } from "./output-guard.js";
import type { RunReporter } from "./run-report.js";
import { RejectTally, runWarnings } from "./run-warnings.js";
import { stopController, type StopController } from "./stop-controller.js";

/** The events of a run, opened once the first day is known. */
export interface EventInput {
  source: EventSource;
  /** What is read, for the log (no credentials). */
  description: Record<string, unknown>;
  /** The files read (undefined: OpenSearch), for the warnings after the run. */
  files?: EventFiles;
  /** Warnings about the input known before the run. */
  warnings?: string[];
  close(): Promise<void>;
}

export interface AggregateJobConfig {
  /** Engine options; `start` is where the run starts unless --since-bookmark moves it. */
  engine: EngineOptions;
  /** Start at the bookmarks and add to the earlier output. */
  sinceBookmark?: boolean;
  openInput(start: string | undefined): Promise<EventInput>;
  /** Where rejected lines go; default: beside the sink's file, or usage-delta.rejects.ndjson. */
  rejects?: string;
  /** Seconds to wait for another run's lock on the output. */
  lockWait?: number;
  /** Stop after this long: the complete days are written (exit 75). */
  timeoutSeconds?: number;
  /** The cluster of the `search` backend. */
  search?: SearchBackendConfig;
}

export interface JobHooks {
  logger: Logger;
  report: RunReporter;
  /** The human summary (stderr). */
  human: NodeJS.WritableStream;
  onNote?: (note: string) => void;
  progress?: { update(update: ProgressUpdate): void; done(): void };
}

export interface JobOutcome {
  /** 0, 75 (timed out), 130 (interrupted), 141 (the reader closed the output); failures are thrown. */
  exitCode: number;
  documents: readonly UsageDeltaDocument[];
  summary: RunSummary;
}

export async function runAggregateJob(config: AggregateJobConfig, sink: DocumentSink, hooks: JobHooks): Promise<JobOutcome> {
  const { logger, report: run } = hooks;
  const progress = hooks.progress ?? { update() {}, done() {} };
  const onNote = hooks.onNote ?? (() => {});
  const engine = resolveEngineOptions(config.engine);
  const rejectsPath = config.rejects ?? (sink.rejectsBeside === undefined ? "usage-delta.rejects.ndjson" : `${sink.rejectsBeside}.rejects.ndjson`);
  await checkOutputWritable(rejectsPath, "the rejects file");
  const rejects = new RejectsFile(rejectsPath);
  const tally = new RejectTally();
  let guard: OutputGuard | undefined;
  let input: EventInput | undefined;
  let stop: StopController | undefined;
  let exitCode: number | undefined;
  try {
    // The lock before the bookmarks are read: they belong to the run that holds it.
    guard = await guardOutput(sink, config.lockWait ?? 0, logger);
    const sinceBookmark = config.sinceBookmark === true;
    const at = await startAtBookmarks(sink, { sinceBookmark, start: engine.start, end: engine.end, communities: engine.communities });
    input = await config.openInput(at.start);
    stop = stopController(config.timeoutSeconds);
    logger.info({ ...input.description, backend: engine.backend, threads: engine.threads, chunkSize: engine.chunkSize }, "aggregation started");
    if (at.note !== undefined) onNote(at.note);
    const lost = guard?.lost;
    const {
      documents,
      summary,
      search: searchReport,
    } = await runAggregation(
      input.source,
      { ...config.engine, start: at.start },
      {
        onReject: (reject) => {
          rejects.add(reject);
          tally.add(reject);
        },
        onProgress: (update) => progress.update(update),
        onNote,
        search: config.search,
        signal: lost === undefined ? stop.signal : AbortSignal.any([stop.signal, lost]),
      },
    );
    progress.done();
    run.report.summary = summary;
    // After the run (a run refused up front ends with its one line alone).
    for (const warning of [...(input.warnings ?? []), ...runWarnings(summary, documents, input.files, tally)]) {
      run.warn(warning);
      logger.warn(warning);
    }
    // Every reject on disk before the output replaces anything (a full disk stops here).
    await rejects.close();
    summary.rejectsPath = rejects.count > 0 ? rejects.path : null;
    // A lost lock (taken over after it expired) stops the writing as Ctrl-C does.
    const interrupts = lost === undefined ? stop.interrupts : AbortSignal.any([stop.interrupts, lost]);
    exitCode = await deliverDocuments({
      sink,
      documents,
      summary,
      searchReport,
      bookmarks: at,
      sinceBookmark,
      interrupts,
      logger,
      human: hooks.human,
      run,
      progress,
    });
    return { exitCode, documents, summary };
  } catch (error) {
    run.fail(error);
    throw error;
  } finally {
    stop?.dispose();
    progress.done();
    await rejects.close().catch(() => {}); // a failure of its own was thrown when it happened
    await input?.close();
    const report = run.finish(exitCode);
    await guard?.finish(report);
  }
}
