// The Arrow IPC sink: `--sink arrow --out FILE.arrow` writes the documents as one tidy
// table (an Arrow IPC *file*, as pandas, Polars and DuckDB open it). Read back here with
// apache-arrow, it holds exactly the NDJSON sink's documents, flattened: every community,
// day, key, item, event type and metric.

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { runAggregateJob } from "../../src/job/run-aggregate-job.js";
import { RunReporter } from "../../src/job/run-report.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { openSink } from "../../src/sinks/sink-registry.js";
import { createFileEventSource, datasetFiles } from "../../src/sources/file-event-source.js";
import { readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";

type Row = Record<string, string | number | null>;

const METRICS = ["total_events", "unique_visitors", "unique_records", "unique_parents", "unique_files", "total_volume"];

/** The documents as the tidy table should hold them: written out here, independently of the sink. */
function flatten(documents: readonly UsageDeltaDocument[]): Row[] {
  const rows: Row[] = [];
  for (const d of documents) {
    const groups: [string, string | null, string | null, { view: object; download: object }][] = [["totals", null, null, d.totals]];
    for (const [key, items] of Object.entries(d.subcounts)) {
      for (const item of items)
        groups.push([key, item.id, typeof item.label === "string" ? item.label : (item.label.en ?? Object.values(item.label)[0]), item]);
    }
    for (const [key, id, label, metrics] of groups) {
      for (const type of ["view", "download"] as const) {
        const values = metrics[type] as Record<string, number>;
        rows.push({
          community: d.community_id,
          day: d.period_start.slice(0, 10),
          key,
          item_id: id,
          label,
          event_type: type,
          ...Object.fromEntries(METRICS.map((m) => [m, values[m] ?? null])),
        });
      }
    }
  }
  return rows;
}

/** The table's rows, days as YYYY-MM-DD and integers as numbers. */
function readArrow(bytes: Uint8Array): { rows: Row[]; schema: string[] } {
  const table = tableFromIPC(bytes);
  const rows = table.toArray().map((row: { toJSON(): Record<string, unknown> }) => {
    const values = row.toJSON();
    return Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        name === "day" ? new Date(value as number).toISOString().slice(0, 10) : typeof value === "bigint" ? Number(value) : (value as string | null),
      ]),
    );
  });
  return { rows, schema: table.schema.fields.map((field) => `${field.name}:${String(field.type)}`) };
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-arrow-"));
  await generateDataset({ outDir: join(dir, "data"), events: 4000, seed: 5, days: 6, communities: 3, invalidRate: 0.002 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("--sink arrow", () => {
  it("writes an Arrow IPC file that holds the NDJSON sink's documents, flattened", async () => {
    const ndjson = runCli(["aggregate", "--input", join(dir, "data"), "--out", join(dir, "documents.ndjson"), "--threads", "1"]);
    expect(ndjson.status, ndjson.stderr).toBe(0);
    const arrow = runCli(["aggregate", "--input", join(dir, "data"), "--sink", "arrow", "--out", join(dir, "documents.arrow"), "--threads", "1"]);
    expect(arrow.status, arrow.stderr).toBe(0);
    expect(arrow.stderr).toMatch(/documents written +\d+ .*-> .*documents\.arrow/);

    const bytes = await readFile(join(dir, "documents.arrow"));
    // The file format (magic at both ends), not the stream format.
    expect(bytes.subarray(0, 6).toString()).toBe("ARROW1");
    expect(bytes.subarray(bytes.length - 6).toString()).toBe("ARROW1");
    const { rows, schema } = readArrow(bytes);
    expect(schema).toEqual([
      "community:Dictionary<Int32, Utf8>",
      "day:Date32<DAY>",
      "key:Dictionary<Int32, Utf8>",
      "item_id:Utf8",
      "label:Utf8",
      "event_type:Dictionary<Int32, Utf8>",
      ...METRICS.map((m) => `${m}:Int64`),
    ]);
    const documents = await readDocuments(join(dir, "documents.ndjson"));
    expect(documents.length).toBeGreaterThan(0);
    const expected = flatten(documents);
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(expected);
  });

  it("keeps no bookmarks: --since-bookmark is refused before any work", () => {
    const run = runCli(["aggregate", "--input", join(dir, "data"), "--sink", "arrow", "--out", join(dir, "again.arrow"), "--since-bookmark"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--sink arrow keeps no bookmarks");
  });

  it("is the same job in process: runAggregateJob with the file sink and the arrow sink", async () => {
    const files = datasetFiles(join(dir, "data"));
    const run = async (sinkName: "file" | "arrow", out: string) =>
      runAggregateJob(
        {
          engine: { backend: "memory" },
          rejects: join(dir, `${sinkName}.rejects.ndjson`),
          openInput: async () => ({ source: createFileEventSource(files), description: {}, files, close: async () => {} }),
        },
        await openSink(sinkName, { out }),
        { logger: pino({ level: "silent" }), report: new RunReporter(out), human: { write: () => true } as unknown as NodeJS.WritableStream },
      );
    const viaFile = await run("file", join(dir, "job.ndjson"));
    const viaArrow = await run("arrow", join(dir, "job.arrow"));
    expect(viaFile.exitCode).toBe(0);
    expect(viaArrow.exitCode).toBe(0);
    expect(viaArrow.summary.documents).toBe(viaFile.documents.length);
    expect(readArrow(await readFile(join(dir, "job.arrow"))).rows).toEqual(flatten(await readDocuments(join(dir, "job.ndjson"))));
  });

  // pyarrow, where python3 has it, reads the same file (pandas and Polars read it through pyarrow or alike).
  const pyarrow = spawnSync("python3", ["-c", "import pyarrow"], { encoding: "utf8" }).status === 0;
  it.skipIf(!pyarrow)("opens in pyarrow as the same table", async () => {
    const script = "import sys, pyarrow.ipc as ipc; t = ipc.open_file(sys.argv[1]).read_all(); print(t.num_rows, ','.join(t.column_names))";
    const result = spawnSync("python3", ["-c", script, join(dir, "documents.arrow")], { encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const { rows } = readArrow(await readFile(join(dir, "documents.arrow")));
    expect(result.stdout.trim()).toBe(`${rows.length} community,day,key,item_id,label,event_type,${METRICS.join(",")}`);
  });
});
