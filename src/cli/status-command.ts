// `usage-delta status`: what an output holds, for an operator or a monitor. Per
// community the bookmark and whether the documents are complete up to it; the last
// run's time and outcome (its run record); the lock. The sinks that keep bookmarks
// (`--out FILE`, `--sink opensearch`) read their own state (src/sinks/sink-registry.ts);
// `--json` for machines. Reads only, takes no lock.

import { Command } from "commander";
import { UsageError } from "../model/errors.js";
import { sinkKind, STATUS_SINK_NAMES, type SinkName } from "../sinks/sink-registry.js";
import { addFlags, type FlagValues } from "./flag-table.js";
import { lazyCluster, OPENSEARCH_FLAGS } from "./opensearch-flags.js";
import { communityStatuses, formatStatus, lastRunOf, type StatusReport } from "./status-report.js";

const STATUS_FLAGS = {
  out: { flags: "--out <file>", description: "the NDJSON output of the file sink" },
  sink: {
    flags: "--sink <kind>",
    description: "the output to look at: the --out file, or the usage-delta indices in OpenSearch (--os-url)",
    choices: STATUS_SINK_NAMES as readonly SinkName[],
    default: "file" as SinkName,
  },
  json: { flags: "--json", description: "one JSON document on stdout instead of the table", default: false },
  ...OPENSEARCH_FLAGS,
} as const;

type StatusFlags = FlagValues<typeof STATUS_FLAGS>;

export function statusCommand(): Command {
  const command = new Command("status")
    .description("per community the bookmark and whether the documents are complete up to it; the last run; the lock")
    .addHelpText(
      "after",
      "\nReads only (takes no lock). Exit 0 whenever the output could be read, whatever it holds:\na monitor reads --json's `complete` and `last_run.outcome`.",
    );
  return addFlags(command, STATUS_FLAGS).action(async (flags: StatusFlags) => {
    const report = await readStatus(flags);
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
  });
}

async function readStatus(flags: StatusFlags): Promise<StatusReport> {
  const { status } = sinkKind(flags.sink);
  if (status === undefined) throw new UsageError(`status cannot read --sink ${flags.sink}`);
  const cluster = lazyCluster(flags, `status --sink ${flags.sink}`);
  try {
    const state = await status({ out: flags.out ?? "-", dryRun: false, indexPrefix: flags.indexPrefix, cluster: cluster.get });
    const communities = communityStatuses(state.bookmarks, state.documents);
    return {
      output: state.output,
      bookmarks: state.bookmarksAt,
      lock: state.lock,
      last_run: lastRunOf(state.lastRun),
      communities,
      complete: communities.every((c) => c.complete),
    };
  } finally {
    await cluster.close();
  }
}
