// Runs `aggregate` with its JSON report: collected as the run goes (run-report.ts), then
// printed on stderr with --json (one line, the last the run writes) and written to
// --summary-file, whatever the outcome (a failed or locked run reports too).

import { writeFile } from "node:fs/promises";
import { RunReporter } from "../job/run-report.js";

export interface ReportFlags {
  /** The output, as the sink names it (the run report's `output`). */
  output: string;
  json: boolean;
  summaryFile?: string;
}

export async function reportRun(flags: ReportFlags, body: (run: RunReporter) => Promise<void>): Promise<void> {
  const run = new RunReporter(flags.output);
  try {
    await body(run);
  } catch (error) {
    run.fail(error);
    throw error;
  } finally {
    const report = run.report.finished_at === null ? run.finish() : run.report;
    const line = JSON.stringify(report);
    if (flags.json) process.stderr.write(`${line}\n`);
    if (flags.summaryFile !== undefined) await writeFile(flags.summaryFile, `${line}\n`);
  }
}
