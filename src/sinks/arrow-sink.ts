// The Arrow IPC sink (`--sink arrow --out FILE.arrow`): the documents as one tidy table in
// an Arrow IPC file (the file format, not the stream), which pandas (`pd.read_feather`),
// Polars (`pl.read_ipc`) and DuckDB (`read_arrow`, via pyarrow) open directly. One row per
// community, day, key, item and event type; the totals are the rows of key `totals` (no
// item id, no label). The label is the item's own (a localized one: its English text,
// else its first language). It keeps no bookmarks: each run writes the file whole, through
// the atomic-file protocol of every file output (file-output.ts).

import { DateDay, Dictionary, Int32, Int64, Table, Utf8, tableToIPC, vectorFromArray } from "apache-arrow";
import type { DownloadMetrics, Label, UsageDeltaDocument, ViewMetrics } from "../model/document.js";
import type { DocumentSink, SinkOptions } from "./document-sink.js";
import { openFileOutput } from "./file-output.js";
import { openByteWriter } from "./output-file.js";

/** The metric columns, in order; a view has no files and no volume (null). */
const METRICS = ["total_events", "unique_visitors", "unique_records", "unique_parents", "unique_files", "total_volume"] as const;

export async function openArrowSink(options: SinkOptions): Promise<DocumentSink> {
  const file = await openFileOutput(options.out);
  return {
    destination: options.out,
    rejectsBeside: file.rejectsBeside,
    bookmarks: undefined,
    noBookmarks: "--sink arrow keeps no bookmarks (each run writes its file whole): use --sink file for --since-bookmark",
    replacesOutput: true,
    lock: file.lock,
    async write(documents, { interrupts }) {
      const bytes = tableToIPC(documentsTable(documents), "file");
      const writer = await file.openWith(openByteWriter, interrupts);
      if (writer === null || interrupts.aborted) {
        await writer?.drop();
        return { written: 0, outcome: "interrupted", notWritten: "all" };
      }
      await writer.write(bytes);
      await writer.complete();
      return { written: documents.length, outcome: "done", notWritten: new Set() };
    },
  };
}

/** The tidy table: columns community, day, key, item_id, label, event_type, then the metrics (64-bit integers). */
export function documentsTable(documents: readonly UsageDeltaDocument[]): Table {
  const text = { community: [] as string[], key: [] as string[], item_id: [] as (string | null)[], label: [] as (string | null)[], event_type: [] as string[] };
  const days: number[] = [];
  const metrics = Object.fromEntries(METRICS.map((name) => [name, [] as (bigint | null)[]])) as Record<(typeof METRICS)[number], (bigint | null)[]>;
  const row = (community: string, day: number, key: string, id: string | null, label: string | null, type: string, values: ViewMetrics | DownloadMetrics) => {
    text.community.push(community);
    days.push(day);
    text.key.push(key);
    text.item_id.push(id);
    text.label.push(label);
    text.event_type.push(type);
    for (const name of METRICS) {
      const value = (values as Partial<DownloadMetrics>)[name];
      metrics[name].push(value === undefined ? null : BigInt(value));
    }
  };
  for (const document of documents) {
    const day = Date.parse(`${document.period_start.slice(0, 10)}T00:00:00Z`);
    const both = (key: string, id: string | null, label: string | null, item: { view: ViewMetrics; download: DownloadMetrics }) => {
      row(document.community_id, day, key, id, label, "view", item.view);
      row(document.community_id, day, key, id, label, "download", item.download);
    };
    both("totals", null, null, document.totals);
    for (const [key, items] of Object.entries(document.subcounts)) for (const item of items) both(key, item.id, labelText(item.label), item);
  }
  const utf8 = (values: (string | null)[]) => vectorFromArray(values, new Utf8());
  // Few distinct values, repeated on every row: dictionary-encoded (categories in pandas and Polars).
  const categories = (values: string[]) => vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));
  return new Table({
    community: categories(text.community),
    day: vectorFromArray(days, new DateDay()),
    key: categories(text.key),
    item_id: utf8(text.item_id),
    label: utf8(text.label),
    event_type: categories(text.event_type),
    ...Object.fromEntries(METRICS.map((name) => [name, vectorFromArray(metrics[name], new Int64())])),
  });
}

function labelText(label: Label): string {
  return typeof label === "string" ? label : (label.en ?? Object.values(label)[0] ?? "");
}
