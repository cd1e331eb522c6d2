// The sinks `--sink` can name: one row each. A command takes its choices, its help and
// its checks from here and runs whichever row is named the same way (src/job/). The
// OpenSearch and Arrow sinks load their libraries only when named.

import { usageDeltaAlias } from "../opensearch/usage-delta-names.js";
import type { DocumentSink, SinkKind, SinkOptions } from "./document-sink.js";
import { ndjsonOutputState, openNdjsonSink } from "./ndjson-sink.js";

export const SINKS = {
  file: {
    help: "the --out file as NDJSON, one document per line",
    open: openNdjsonSink,
    output: ({ out }) => out,
    status: ndjsonOutputState,
  },
  opensearch: {
    help: "the usage-delta indices in OpenSearch (--os-url)",
    open: async (options) => (await import("./opensearch-sink.js")).openOpenSearchSink(options),
    output: ({ indexPrefix }) => `OpenSearch ${usageDeltaAlias(indexPrefix)}`,
    needsCluster: ({ dryRun }) => !dryRun,
    dryRun: true,
    status: async (options) => (await import("./opensearch-sink.js")).openSearchOutputState(options),
  },
  arrow: {
    help: "the --out file as an Arrow IPC file, a tidy table (pandas, Polars, DuckDB)",
    open: async (options) => (await import("./arrow-sink.js")).openArrowSink(options),
    output: ({ out }) => out,
  },
} as const satisfies Record<string, SinkKind>;

export type SinkName = keyof typeof SINKS;
export const SINK_NAMES = Object.keys(SINKS) as SinkName[];

/** A row by name. */
export function sinkKind(name: SinkName): SinkKind {
  return SINKS[name];
}

/** The sinks `status` can read, and those with a dry run. */
export const STATUS_SINK_NAMES = SINK_NAMES.filter((name) => sinkKind(name).status !== undefined);
export const DRY_RUN_SINK_NAMES = SINK_NAMES.filter((name) => sinkKind(name).dryRun === true);

/** Opens a sink by name (tests and scripts: no cluster unless given). */
export function openSink(name: SinkName, options: Partial<SinkOptions> & Pick<SinkOptions, "out">): Promise<DocumentSink> {
  const noCluster = () => Promise.reject(new Error(`--sink ${name} was given no cluster`));
  return sinkKind(name).open({ dryRun: false, indexPrefix: "", cluster: noCluster, ...options });
}
