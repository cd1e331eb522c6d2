// `usage-delta demo`: the main job on a built-in generated sample, with a readable
// account of what came out.

import { existsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { ENGINE_DEFAULTS } from "../coordinator/run-aggregation.js";
import { runAggregateJob } from "../job/run-aggregate-job.js";
import { RunReporter } from "../job/run-report.js";
import type { SubcountItem, UsageDeltaDocument } from "../model/document.js";
import { openSink } from "../sinks/sink-registry.js";
import { createFileEventSource, datasetFiles } from "../sources/file-event-source.js";
import { AGGREGATE_FLAGS } from "./aggregate-flags.js";
import { addFlags, type FlagValues } from "./flag-table.js";
import { createLogger } from "./logger.js";
import { positiveInteger } from "./parse-flags.js";
import { createProgress } from "./progress.js";
import { formatCount } from "../model/format-count.js";

const DEMO_FLAGS = {
  events: {
    flags: "--events <n>",
    description: "events in the sample (from 150,000 the planner uses the worker pool)",
    parse: positiveInteger("--events"),
    default: 100_000,
  },
  threads: { flags: "--threads <n>", description: "worker threads", parse: positiveInteger("--threads"), default: ENGINE_DEFAULTS.threads },
  dir: {
    flags: "--dir <dir>",
    description: "where the sample and the documents go (default: a new private folder in the system temp dir; a sample already there is used again)",
  },
} as const;

type DemoFlags = FlagValues<typeof DEMO_FLAGS>;

export function demoCommand(): Command {
  const command = new Command("demo").description(
    "generate a sample dataset and aggregate it as `aggregate` would (the planner picks the backend), then show what came out",
  );
  return addFlags(command, DEMO_FLAGS).action(async (flags: DemoFlags) => runDemo(flags));
}

async function runDemo(flags: DemoFlags): Promise<void> {
  // A new private folder each time (mode 0700): a fixed name in the shared temp dir could
  // belong to another user, or hold another run's half-written sample.
  const dir = flags.dir ?? (await mkdtemp(join(tmpdir(), "usage-delta-demo-")));
  await mkdir(dir, { recursive: true });
  if (!existsSync(join(dir, "views.ndjson"))) {
    process.stderr.write(`generating a sample of ${formatCount(flags.events)} events in ${dir} ...\n`);
    const { generateDataset } = await import("../generate/generate-dataset.js");
    await generateDataset({ outDir: dir, events: flags.events, seed: 42, invalidRate: 0.001 });
  }
  const out = join(dir, "documents.ndjson");
  const plan: string[] = [];
  // The job `usage-delta aggregate` runs, with its defaults (the planner, the memory
  // budget), so the demo shows what the real command would do.
  const files = datasetFiles(dir);
  const { documents, summary } = await runAggregateJob(
    {
      engine: { threads: flags.threads, maxMemoryBytes: AGGREGATE_FLAGS.maxMemory.default },
      rejects: join(dir, "rejects.ndjson"),
      openInput: async () => ({ source: createFileEventSource(files), description: { inputs: files }, files, close: async () => {} }),
    },
    await openSink("file", { out }),
    { logger: createLogger("silent"), report: new RunReporter(out), human: process.stderr, onNote: (note) => plan.push(note), progress: createProgress() },
  );
  process.stdout.write(`${describeDocuments(documents)}\n\n${describeRun(plan, dir, out, summary.rejectsPath)}\n`);
}

/** How the planner ran it, where everything is, and what to try next. From a clone
 * (`npm run demo`) the command is not on the PATH, but `npx usage-delta` finds it. */
function describeRun(plan: readonly string[], dir: string, out: string, rejectsPath: string | null): string {
  const command = process.env.npm_lifecycle_event === "demo" ? "npx usage-delta" : "usage-delta";
  const lines = ["How it ran (the planner's choices, as `aggregate --explain` prints them):", ...plan.map((note) => `  ${note}`), ""];
  lines.push(`The documents are in ${out} (one JSON document per line, by community then day).`);
  if (rejectsPath !== null) lines.push(`The sample's deliberately bad lines are in ${rejectsPath}, each with file, line and reason.`);
  lines.push(
    `The sample itself (views, downloads, records, membership) is in ${dir}; delete the folder when done.`,
    "",
    "Try next:",
    `  head -n 1 ${out}`,
    `  ${command} aggregate --input ${dir} --out ${join(dir, "again.ndjson")} --explain`,
    `  ${command} demo --events 1000000    (enough events for the planner to use the worker pool)`,
    `  ${command} aggregate --help         (every flag; the README says how to run it hourly)`,
  );
  return lines.join("\n");
}

function describeDocuments(documents: readonly UsageDeltaDocument[]): string {
  const global = documents.filter((d) => d.community_id === "global");
  if (global.length === 0) return "no documents (no events in the sample?)";
  const busiest = global.reduce((a, b) => (events(b) > events(a) ? b : a));
  const lines = [
    `${documents.length} documents: ${new Set(documents.map((d) => d.community_id)).size} communities x ${global.length} days`,
    "",
    `Busiest day for the whole repository: ${busiest.period_start.slice(0, 10)}`,
    `  views      ${busiest.totals.view.total_events} by ${busiest.totals.view.unique_visitors} visitors on ${busiest.totals.view.unique_records} records`,
    `  downloads  ${busiest.totals.download.total_events} by ${busiest.totals.download.unique_visitors} visitors of ${busiest.totals.download.unique_files} files, ${formatBytes(Number(busiest.totals.download.total_volume))}`,
  ];
  for (const key of ["resource_types", "countries", "file_types", "affiliations"]) {
    const top = busiest.subcounts[key].slice(0, 3).map((item) => `${labelText(item)} ${item.view.total_events + item.download.total_events}`);
    lines.push(`  top ${key.padEnd(15)} ${top.join(", ") || "-"}`);
  }
  lines.push("", "Events per community over the whole range:");
  const perCommunity = new Map<string, number>();
  for (const d of documents) perCommunity.set(d.community_id, (perCommunity.get(d.community_id) ?? 0) + events(d));
  for (const [community, total] of [...perCommunity].sort((a, b) => b[1] - a[1])) lines.push(`  ${community.padEnd(40)} ${total}`);
  return lines.join("\n");
}

function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function events(d: UsageDeltaDocument): number {
  return d.totals.view.total_events + d.totals.download.total_events;
}

function labelText(item: SubcountItem): string {
  return typeof item.label === "string" ? item.label : (item.label.en ?? Object.values(item.label)[0] ?? item.id);
}
