// `usage-delta status`: what an output holds, for an operator or a monitor. Per
// community the bookmark and whether the documents are complete up to it; the last
// run's time and outcome (its run record); the lock. The file sink (`--out FILE`) or
// OpenSearch (`--sink opensearch`); `--json` for machines. Reads only, takes no lock.

import { Command, Option } from "commander";
import { UsageError } from "../model/errors.js";
import { bookmarksPathFor, fileBookmarkStore } from "../sinks/bookmarks-file.js";
import { documentsFromDays, type CommunityDocuments } from "../sinks/community-documents.js";
import { readDocumentDaysFile } from "../sinks/document-days-file.js";
import { deadHere, lockPathFor, readHolder } from "../sinks/output-lock-file.js";
import { readRunRecordFile } from "../sinks/run-record-file.js";
import { addOpenSearchFlags, openSearchConnection, type OpenSearchFlags } from "./opensearch-flags.js";
import { communityStatuses, formatStatus, lastRunOf, type StatusReport } from "./status-report.js";

interface StatusFlags extends OpenSearchFlags {
  out?: string;
  sink: "file" | "opensearch";
  json: boolean;
}

export function statusCommand(): Command {
  const command = new Command("status")
    .description("per community the bookmark and whether the documents are complete up to it; the last run; the lock")
    .option("--out <file>", "the NDJSON output of the file sink")
    .addOption(new Option("--sink <kind>", "the output to look at: the --out file, or the usage-delta indices in OpenSearch (--os-url)").choices(["file", "opensearch"]).default("file"))
    .option("--json", "one JSON document on stdout instead of the table", false)
    .addHelpText("after", "\nReads only (takes no lock). Exit 0 whenever the output could be read, whatever it holds:\na monitor reads --json's `complete` and `last_run.outcome`.");
  return addOpenSearchFlags(command).action(async (flags: StatusFlags) => {
    const report = flags.sink === "opensearch" ? await openSearchStatus(flags) : await fileStatus(flags);
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
  });
}

async function fileStatus(flags: StatusFlags): Promise<StatusReport> {
  if (flags.out === undefined || flags.out === "-") throw new UsageError("status needs --out FILE (the file sink's output), or --sink opensearch");
  const out = flags.out;
  const store = fileBookmarkStore(bookmarksPathFor(out));
  const bookmarks = await store.read();
  const documents = new Map<string, CommunityDocuments>();
  for (const [community, days] of await readDocumentDaysFile(out)) documents.set(community, documentsFromDays(days, bookmarks.get(community) ?? null));
  const holder = readHolder(lockPathFor(out)) ?? null;
  const communities = communityStatuses(bookmarks, documents);
  return {
    output: out,
    bookmarks: store.location,
    lock: { location: lockPathFor(out), holder, stale: holder !== null && deadHere(holder) },
    last_run: lastRunOf(await readRunRecordFile(out)),
    communities,
    complete: communities.every((c) => c.complete),
  };
}

async function openSearchStatus(flags: StatusFlags): Promise<StatusReport> {
  if (flags.out !== undefined) throw new UsageError("--sink opensearch reads no --out file: leave it out");
  const [{ connectOpenSearch }, { openSearchBookmarkStore }, { readCommunityDocumentsOpenSearch }, lock, { readRunRecordOpenSearch }, { usageDeltaAlias }] = await Promise.all([
    import("../opensearch/connect.js"),
    import("../sinks/bookmarks-opensearch.js"),
    import("../sinks/document-days-opensearch.js"),
    import("../sinks/output-lock-opensearch.js"),
    import("../sinks/run-record-opensearch.js"),
    import("../opensearch/usage-delta-names.js"),
  ]);
  const client = await connectOpenSearch(openSearchConnection(flags, "status --sink opensearch"));
  try {
    const prefix = flags.indexPrefix;
    const store = openSearchBookmarkStore(client, prefix);
    const bookmarks = await store.read();
    const communities = communityStatuses(bookmarks, await readCommunityDocumentsOpenSearch(client, prefix, bookmarks));
    const held = await lock.readLockDocument(client, prefix);
    const holder = held === undefined ? null : { host: held.source.host, pid: held.source.pid, since: held.source.since };
    return {
      output: `OpenSearch ${usageDeltaAlias(prefix)}`,
      bookmarks: store.location,
      lock: { location: `OpenSearch ${lock.lockIndexName(prefix)}/${lock.lockDocumentId(prefix)}`, holder, stale: held !== undefined && lock.lockExpired(held.source) },
      last_run: lastRunOf(await readRunRecordOpenSearch(client, prefix)),
      communities,
      complete: communities.every((c) => c.complete),
    };
  } finally {
    await client.close();
  }
}
