// `usage-delta generate`: a deterministic synthetic dataset in the SPEC's shapes; with
// --to-opensearch also indexed into OpenSearch the way InvenioRDM holds it.

import { Command } from "commander";
import { DATA_SHAPES } from "../generate/data-shapes.js";
import { addFlags, type FlagValues } from "./flag-table.js";
import { OPENSEARCH_FLAGS, openSearchConnection } from "./opensearch-flags.js";
import { day, nonNegativeNumber, positiveInteger } from "./parse-flags.js";
import { createProgress } from "./progress.js";
import { formatCount } from "../model/format-count.js";

const GENERATE_FLAGS = {
  out: { flags: "--out <dir>", description: "directory to write the four files into", required: true },
  events: { flags: "--events <n>", description: "number of events (views + downloads)", parse: positiveInteger("--events"), required: true },
  seed: { flags: "--seed <n>", description: "random seed", parse: positiveInteger("--seed"), default: 1 },
  start: { flags: "--start <day>", description: "first UTC day, YYYY-MM-DD", parse: day("--start"), default: "2025-01-01" },
  shape: {
    flags: "--shape <shape>",
    description: "data shape: default (many records, 30 days) or repetitive (400 busy records, 10 days)",
    choices: DATA_SHAPES,
    default: "default",
  },
  days: { flags: "--days <n>", description: "number of days (default: 30; shape repetitive: 10)", parse: positiveInteger("--days") },
  communities: { flags: "--communities <n>", description: "number of communities", parse: positiveInteger("--communities"), default: 8 },
  records: {
    flags: "--records <n>",
    description: "number of records (default: events / 20, at least 50; shape repetitive: 400)",
    parse: positiveInteger("--records"),
  },
  invalidRate: {
    flags: "--invalid-rate <share>",
    description: "share of malformed event lines, 0..1",
    parse: nonNegativeNumber("--invalid-rate", 1),
    default: 0,
  },
  toOpensearch: {
    flags: "--to-opensearch",
    description: "also index the dataset into OpenSearch (event, record and membership indices, as InvenioRDM has them)",
    default: false,
  },
  ...OPENSEARCH_FLAGS,
} as const;

type GenerateFlags = FlagValues<typeof GENERATE_FLAGS>;

export function generateCommand(): Command {
  const command = new Command("generate").description("write a deterministic synthetic dataset: views, downloads, records, membership (NDJSON)");
  return addFlags(command, GENERATE_FLAGS).action(async (flags: GenerateFlags) => {
    // Before generating: a missing or bad --os-url should not cost a million events first.
    const connection = flags.toOpensearch ? openSearchConnection(flags, "--to-opensearch") : undefined;
    const client = connection === undefined ? undefined : (await import("../opensearch/client.js")).createOpenSearchClient(connection);
    const started = performance.now();
    const progress = createProgress();
    // Loaded here: every other command (aggregate above all) starts without the generator.
    const { generateDataset } = await import("../generate/generate-dataset.js");
    const summary = await generateDataset(
      {
        outDir: flags.out,
        events: flags.events,
        seed: flags.seed,
        start: flags.start,
        shape: flags.shape,
        days: flags.days,
        communities: flags.communities,
        records: flags.records,
        invalidRate: flags.invalidRate,
      },
      (done, total) => progress.update({ phase: "generate", done, total, events: done }),
    );
    progress.done();
    process.stderr.write(
      `generated ${formatCount(summary.views)} views, ${formatCount(summary.downloads)} downloads, ` +
        `${formatCount(summary.records)} records, ${formatCount(summary.membershipEvents)} membership events` +
        `${summary.invalidLines > 0 ? `, ${summary.invalidLines} invalid lines` : ""} in ${flags.out} ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    if (connection === undefined || client === undefined) return;
    try {
      const [{ indexDatasetToOpenSearch }, { formatIndexReport }, { displayUrl }] = await Promise.all([
        import("../generate/to-opensearch.js"),
        import("../generate/opensearch-load-summary.js"),
        import("../opensearch/client.js"),
      ]);
      const report = await indexDatasetToOpenSearch({ client, url: connection.url, dir: flags.out, indexPrefix: flags.indexPrefix });
      process.stderr.write(formatIndexReport(report, displayUrl(connection.url)));
    } finally {
      await client.close();
    }
  });
}
