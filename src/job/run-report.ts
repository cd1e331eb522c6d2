// What a run of `aggregate` reports for machines: one JSON document with the outcome,
// the exit code, the summary, the bookmarks moved, the OpenSearch sink's report and the
// warnings. `--json` prints it on stderr instead of the human summary, `--summary-file`
// writes it to a file, and the run record (`status`) keeps the last one per output.

import { hostname } from "node:os";
import type { RunSummary } from "../model/run-summary.js";
import { describeError, EXIT } from "../model/errors.js";

export type RunOutcome = "ok" | "timeout" | "interrupted" | "locked" | "failed";

export interface RunReport {
  format: "usage-delta-run/1";
  command: "aggregate";
  outcome: RunOutcome;
  exit_code: number;
  /** The one-line error message of a run that failed. */
  error: string | null;
  host: string;
  pid: number;
  started_at: string;
  finished_at: string | null;
  /** The output file, `-` (stdout), or the usage-delta alias in OpenSearch. */
  output: string;
  summary: RunSummary | null;
  bookmarks: { location: string; moved: Record<string, string> } | null;
  /** The OpenSearch sink's report (opensearch-documents.ts). */
  opensearch: object | null;
  warnings: string[];
}

export function outcomeOf(exitCode: number): RunOutcome {
  switch (exitCode) {
    case EXIT.ok:
      return "ok";
    case EXIT.timeout:
      return "timeout";
    case EXIT.interrupted:
      return "interrupted";
    case EXIT.locked:
      return "locked";
    default:
      return "failed";
  }
}

/** Collects the report as the run goes; `finish` fills in the outcome from the exit code. */
export class RunReporter {
  readonly report: RunReport;

  constructor(output: string) {
    this.report = {
      format: "usage-delta-run/1",
      command: "aggregate",
      outcome: "ok",
      exit_code: 0,
      error: null,
      host: hostname(),
      pid: process.pid,
      started_at: new Date().toISOString(),
      finished_at: null,
      output,
      summary: null,
      bookmarks: null,
      opensearch: null,
      warnings: [],
    };
  }

  warn(message: string): void {
    if (!this.report.warnings.includes(message)) this.report.warnings.push(message);
  }

  fail(error: unknown): void {
    const { message, exitCode } = describeError(error);
    this.report.error = message;
    this.report.exit_code = exitCode;
  }

  /** The final report; the exit code is the one set by `fail`, or else the one given. */
  finish(exitCode: number = Number(process.exitCode ?? 0)): RunReport {
    if (this.report.error === null) this.report.exit_code = exitCode;
    this.report.outcome = outcomeOf(this.report.exit_code);
    this.report.finished_at = new Date().toISOString();
    return this.report;
  }
}
