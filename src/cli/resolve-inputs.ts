// Where the events come from. Files: `--input DIR` names the four files by convention;
// explicit flags win; every named file must exist, so a typo is a clear error before any
// work starts. OpenSearch (`--source opensearch`): the InvenioRDM indices at --os-url.

import { existsSync, statSync } from "node:fs";
import { checkInputFiles } from "./check-input-files.js";
import { join } from "node:path";
import { parseDayString } from "../model/day.js";
import { UsageDeltaError, EXIT, UsageError } from "../model/errors.js";
import type { EventSource } from "../sources/event-source.js";
import { createFileEventSource } from "../sources/file-event-source.js";
import { openSearchConnection, type OpenSearchFlags } from "./opensearch-flags.js";

export interface InputFiles {
  views: string[];
  downloads: string[];
  records?: string;
  membership?: string;
}

export interface InputFlags {
  input?: string;
  views?: string[];
  downloads?: string[];
  records?: string;
  membership?: string;
}

export function resolveInputs(flags: InputFlags): InputFiles {
  const inDir = (name: string): string | undefined => {
    if (flags.input === undefined) return undefined;
    for (const candidate of [join(flags.input, name), join(flags.input, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
    return undefined;
  };
  if (flags.input !== undefined && !(existsSync(flags.input) && statSync(flags.input).isDirectory())) {
    const what = existsSync(flags.input) ? "not a directory" : "no such directory";
    throw new UsageDeltaError("INPUT_MISSING", `--input: ${what}: ${flags.input}`, EXIT.invalidInput);
  }
  const views = flags.views ?? optionalList(inDir("views.ndjson"));
  const downloads = flags.downloads ?? optionalList(inDir("downloads.ndjson"));
  const files: InputFiles = {
    views,
    downloads,
    records: flags.records ?? inDir("records.ndjson"),
    membership: flags.membership ?? inDir("membership.ndjson"),
  };
  if (views.length + downloads.length === 0) {
    throw new UsageError(
      flags.input === undefined
        ? "no events to read: give --input DIR or --views/--downloads FILE"
        : `no events to read: ${flags.input} has neither views.ndjson nor downloads.ndjson (.gz)`,
    );
  }
  checkInputFiles(files);
  return files;
}

function optionalList(path: string | undefined): string[] {
  return path === undefined ? [] : [path];
}

export type SourceKind = "files" | "opensearch";

export interface SourceFlags extends InputFlags, OpenSearchFlags {
  source: SourceKind;
  start?: string;
  end?: string;
  /** OpenSearch: shard units read side by side. */
  threads: number;
}

export interface EventInput {
  source: EventSource;
  /** What is read, for the log (no credentials). */
  description: Record<string, unknown>;
  /** Closes what the source needed (the OpenSearch client). */
  close(): Promise<void>;
}

/**
 * The event source the flags name: files (default) or OpenSearch (`--source opensearch`,
 * asked for its version first, so that a wrong URL or password fails before any work).
 */
export async function openEventInput(flags: SourceFlags): Promise<EventInput> {
  if (flags.source !== "opensearch") {
    const inputs = resolveInputs(flags);
    return { source: createFileEventSource(inputs), description: { inputs }, close: async () => {} };
  }
  const fileFlags = (["input", "views", "downloads", "records", "membership"] as const).filter((name) => flags[name] !== undefined);
  if (fileFlags.length > 0) throw new UsageError(`--source opensearch reads no files: leave out --${fileFlags.join(", --")}`);
  const connection = openSearchConnection(flags, "--source opensearch");
  const [{ connectOpenSearch }, { displayUrl }, { createOpenSearchEventSource }] = await Promise.all([
    import("../opensearch/connect.js"),
    import("../opensearch/client.js"),
    import("../sources/opensearch-event-source.js"),
  ]);
  const client = await connectOpenSearch(connection);
  const day = (text: string | undefined) => (text === undefined ? NaN : parseDayString(text));
  const range = flags.start === undefined && flags.end === undefined ? null : { startDay: day(flags.start), endDay: day(flags.end) };
  const source = createOpenSearchEventSource({ client, url: connection.url, indexPrefix: flags.indexPrefix, slices: flags.threads, range });
  return {
    source,
    description: { opensearch: displayUrl(connection.url), indexPrefix: flags.indexPrefix },
    close: () => client.close(),
  };
}
