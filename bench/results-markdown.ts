// Bench: RESULTS.md: machine, method, the table, the engine's phases, the ratios measured
// in the same run, the targets of issues 2, 3 and 5, and everything that went wrong.

import { existsSync, readFileSync } from "node:fs";
import { backendLabel, threadsLabel } from "./cases.js";
import type { Machine } from "./machine.js";
import { matchText, type Row } from "./summarize.js";
import type { Ratio } from "./ratios.js";
import type { Target } from "./targets.js";

export interface Report {
  command: string;
  machine: Machine;
  runs: number;
  caseBudgetSeconds: number;
  allThreads: number;
  rows: Row[];
  ratios: Ratio[];
  targets: Target[];
  /** Skipped rows, dataset timings, failures: one line each. */
  notes: string[];
  /** Hand-written analysis appended as is (bench/analysis.md), if present. */
  analysisPath: string;
}

const SOURCE = { files: "files", opensearch: "OpenSearch" } as const;
const num = (value: number | null, digits = 2) => (value === null ? "n/a" : value.toFixed(digits));
const int = (value: number | null) => (value === null ? "n/a" : Math.round(value).toLocaleString("en"));

function resultsTable(report: Report): string[] {
  const lines = [
    "| events | shape | backend | source | threads | runs | wall s | best s | events/s | CPU s | peak RSS MiB | OpenSearch heap MiB | matches reference |",
    "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const row of report.rows) {
    const c = row.benchCase;
    const heap = c.source === "opensearch" && row.heapMaxBytes !== null ? int(row.heapMaxBytes / 2 ** 20) : "";
    const stopped = row.timedOutMs !== null && row.wallMs === null ? `>= ${row.timedOutMs / 1000} (stopped)` : null;
    const wall = stopped ?? (row.error !== null && row.wallMs === null ? "failed" : num(row.wallMs === null ? null : row.wallMs / 1000));
    lines.push(
      `| ${row.events.toLocaleString("en")} | ${row.shape} | ${backendLabel(c)} | ${SOURCE[c.source]} | ${threadsLabel(c, report.allThreads, row.threadsUsed)} | ${row.runs} | ${wall} | ${num(row.bestWallMs === null ? null : row.bestWallMs / 1000)} | ${int(row.eventsPerSecond)} | ${num(row.cpuMs === null ? null : row.cpuMs / 1000, 1)} | ${row.peakRssBytes === null ? "n/a" : int(row.peakRssBytes / 2 ** 20)} | ${heap} | ${matchText(row)} |`,
    );
  }
  return lines;
}

function phasesTable(report: Report): string[] {
  const lines = [
    "| events | shape | backend | source | threads | metadata | events | group | documents | events + group | day windows |",
    "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const row of report.rows) {
    const p = row.phasesMs;
    if (p === null) continue;
    const c = row.benchCase;
    lines.push(
      `| ${row.events.toLocaleString("en")} | ${row.shape} | ${backendLabel(c)} | ${SOURCE[c.source]} | ${threadsLabel(c, report.allThreads, row.threadsUsed)} | ${int(p.metadata)} | ${int(p.events)} | ${int(p.group)} | ${int(p.documents)} | ${int(p.events + p.group)} | ${row.windows ?? ""} |`,
    );
  }
  return lines;
}

function ratiosTable(report: Report): string[] {
  const lines = ["| events | shape | ratio | value | measured (slow / fast) |", "|---:|---|---|---:|---|"];
  for (const ratio of report.ratios) {
    lines.push(`| ${ratio.events.toLocaleString("en")} | ${ratio.shape ?? "default"} | ${ratio.name} | ${ratio.value} | ${ratio.detail} |`);
  }
  return lines;
}

function targetsTable(report: Report): string[] {
  const lines = ["| issue | shape | target | measured | status |", "|---:|---|---|---|---|"];
  for (const target of report.targets) {
    const status = target.met === null ? "not measured" : target.met ? "met" : "**missed**";
    lines.push(`| #${target.issue} | ${target.shape} | ${target.text} | ${target.figure} | ${status} |`);
  }
  return lines;
}

function machineLines(m: Machine): string[] {
  return [
    `- date: ${m.date}; commit ${m.commit}${m.uncommitted > 0 ? ` plus uncommitted changes in ${m.uncommitted} files of src/ (work in progress of other engineers, built and measured as they were)` : ""}`,
    `- CPU: ${m.cores} cores (${m.cpuModel}); memory ${m.memoryGiB.toFixed(1)} GiB; ${m.os}`,
    `- Node ${m.node}; Python ${m.python ?? "n/a"}, pandas ${m.pandas ?? "n/a"}, numpy ${m.numpy ?? "n/a"}, DuckDB ${m.duckdb ?? "n/a"}; OpenSearch ${m.openSearch ?? "n/a"}`,
    `- load average at the start: ${m.loadAtStart.map((value) => value.toFixed(2)).join(", ")} (other work shares this machine: figures are noisy; ratios come from the same rounds)`,
  ];
}

export function resultsMarkdown(report: Report): string {
  const caseNotes = report.rows
    .filter((row) => row.notes.length > 0 || row.error !== null)
    .map(
      (row) =>
        `- ${row.events.toLocaleString("en")} ${row.benchCase.key}: ${[...row.notes, ...(row.error === null ? [] : [`failed: ${row.error}`])].join("; ")}`,
    );
  const analysis = existsSync(report.analysisPath) ? readFileSync(report.analysisPath, "utf8").trim() : "";
  return [
    "# Benchmark results",
    "",
    `Produced by \`${report.command}\` (bench/run-bench.ts). Do not edit by hand: run the bench again.`,
    "",
    "## Machine",
    ...machineLines(report.machine),
    "",
    "## Method",
    `- Datasets from \`usage-delta generate\` with a fixed seed, in two shapes (\`--shape default\`: many records, 30 days, ~750 bytes an event; \`--shape repetitive\`: 400 busy records, 10 days, ~500 bytes an event; README "Data shapes of generate") (files in bench/data/, and indexed into OpenSearch with \`generate --to-opensearch\` for the OpenSearch rows); all ten subcounts, exact.`,
    `- Every case runs once as a warm-up, then ${report.runs} measured rounds; a round runs every case once, so load changes hit all cases alike. Figures are medians. Before each run the bench waits (a little) for idle CPUs. A case whose first run takes over 30 s keeps it as a sample, so at 10M one side's median may hold a cold run and the other's not: the DuckDB ratios and issue 16's targets give the best runs against each other as well, and a target is met only when both reach it; a case may stop early at its budget of ${report.caseBudgetSeconds} s per size (see notes).`,
    "- wall s: the whole process (median; best s: the fastest run, the least disturbed by other work), from spawn to exit (Node or Python start-up included). CPU s: its user + system CPU time (GNU time), which other work on the machine does not inflate. peak RSS: GNU time's maximum resident set of the process (all threads); for the search backend this is the client only, the server's heap is the next column (largest `heap_used` sampled from nodes stats every 250 ms during the run; the JVM's heap is capped by -Xmx).",
    "- matches reference: documents compared field by field with the `memory` backend's (from files) of the same size, `timestamp` ignored (at the large size the memory backend runs once, for its documents); the search backend's unique_* counts are HyperLogLog estimates, so they are reported as the largest relative deviation.",
    "- DuckDB: bench/duckdb/aggregate_duckdb.py, the same job written for speed in DuckDB (from PyPI, all cores): the 21 needed fields read with explicit columns, identical rows merged while reading, facet items once per distinct value and signature, dense integer codes, one grouped pass with exact count(DISTINCT).",
    "- pandas: bench/pandas/aggregate_pandas.py, the in-memory approach of the performance analysis (read_json in chunks, categorical dtypes, merges, merge_asof for the membership timeline, groupby + nunique), one process, one thread.",
    "",
    "## Results",
    ...resultsTable(report),
    "",
    "![time and memory against events](results.svg)",
    "",
    "## Ratios measured in the same run",
    ...ratiosTable(report),
    "",
    "## Targets",
    ...targetsTable(report),
    "",
    "## Engine phases (medians, ms, as each program reports them)",
    "For pandas and DuckDB the four phases are their own (DuckDB: events = read and merge, metadata = records, membership and the per-signature tables, group = the grouped pass).",
    "For pandas the same four phases are its own: metadata (records + membership), events (read, validate, enrich per chunk), group (concat + groupby), documents.",
    "",
    ...phasesTable(report),
    "",
    "## Notes",
    ...report.notes.map((note) => `- ${note}`),
    ...caseNotes,
    ...(analysis === "" ? [] : ["", analysis]),
    "",
  ].join("\n");
}
