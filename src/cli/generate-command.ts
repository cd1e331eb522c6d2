// `usage-delta generate`: a deterministic synthetic dataset in the SPEC's shapes; with
// --to-opensearch also indexed into OpenSearch the way InvenioRDM holds it.

import { Command, Option } from "commander";
import { DATA_SHAPES, type DataShape } from "../generate/data-shapes.js";
import { generateDataset } from "../generate/generate-dataset.js";
import { addOpenSearchFlags, openSearchConnection, type OpenSearchFlags } from "./opensearch-flags.js";
import { day, nonNegativeNumber, positiveInteger } from "./parse-flags.js";
import { createProgress } from "./progress.js";

interface GenerateFlags extends OpenSearchFlags {
  out: string;
  events: number;
  seed: number;
  start: string;
  shape: DataShape;
  days?: number;
  communities: number;
  records?: number;
  invalidRate: number;
  toOpensearch: boolean;
}

export function generateCommand(): Command {
  const command = new Command("generate")
    .description("write a deterministic synthetic dataset: views, downloads, records, membership (NDJSON)")
    .requiredOption("--out <dir>", "directory to write the four files into")
    .requiredOption("--events <n>", "number of events (views + downloads)", positiveInteger("--events"))
    .option("--seed <n>", "random seed", positiveInteger("--seed"), 1)
    .option("--start <day>", "first UTC day, YYYY-MM-DD", day("--start"), "2025-01-01")
    .addOption(
      new Option("--shape <shape>", "data shape: default (many records, 30 days) or repetitive (400 busy records, 10 days)")
        .choices(DATA_SHAPES)
        .default("default"),
    )
    .option("--days <n>", "number of days (default: 30; shape repetitive: 10)", positiveInteger("--days"))
    .option("--communities <n>", "number of communities", positiveInteger("--communities"), 8)
    .option("--records <n>", "number of records (default: events / 20, at least 50; shape repetitive: 400)", positiveInteger("--records"))
    .option("--invalid-rate <share>", "share of malformed event lines, 0..1", nonNegativeNumber("--invalid-rate", 1), 0)
    .option("--to-opensearch", "also index the dataset into OpenSearch (event, record and membership indices, as InvenioRDM has them)", false);
  return addOpenSearchFlags(command).action(async (flags: GenerateFlags) => {
    // Before generating: a missing or bad --os-url should not cost a million events first.
    const connection = flags.toOpensearch ? openSearchConnection(flags, "--to-opensearch") : undefined;
    const client = connection === undefined ? undefined : (await import("../opensearch/client.js")).createOpenSearchClient(connection);
    const started = performance.now();
    const progress = createProgress();
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
      `generated ${summary.views.toLocaleString("en")} views, ${summary.downloads.toLocaleString("en")} downloads, ` +
        `${summary.records.toLocaleString("en")} records, ${summary.membershipEvents.toLocaleString("en")} membership events` +
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
