// `usage-delta generate`'s engine: a deterministic synthetic dataset in the SPEC's input
// shapes (views.ndjson, downloads.ndjson, records.ndjson, membership.ndjson). Generation
// lives in the other files of src/generate; this one only writes and counts.

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { generateCatalog } from "./catalog.js";
import { generateEventLines } from "./event-lines.js";
import { resolveGenerateOptions, type GenerateOptions } from "./generate-options.js";
import { NdjsonWriter, writeNdjson } from "./write-ndjson.js";

export type { GenerateOptions } from "./generate-options.js";

export interface GenerateSummary {
  /** Valid view lines. */
  views: number;
  /** Valid download lines. views + downloads + invalidLines = events. */
  downloads: number;
  records: number;
  membershipEvents: number;
  invalidLines: number;
  /** Paths of the four files written. */
  files: string[];
  /** The community ids of the dataset (without `global`). */
  communityIds: string[];
  /** Valid events whose record is not in records.ndjson. */
  unknownRecordEvents: number;
  /** Valid events with `is_robot: true`. */
  robotEvents: number;
  /** Valid events enriched at ingestion: `community_ids`, and the facets for known records. */
  enrichedEvents: number;
}

/** `onProgress`: event lines written so far, of how many (every few thousand lines). */
export async function generateDataset(options: GenerateOptions, onProgress?: (lines: number, total: number) => void): Promise<GenerateSummary> {
  const resolved = resolveGenerateOptions(options);
  await mkdir(resolved.outDir, { recursive: true });
  const paths = {
    views: join(resolved.outDir, "views.ndjson"),
    downloads: join(resolved.outDir, "downloads.ndjson"),
    records: join(resolved.outDir, "records.ndjson"),
    membership: join(resolved.outDir, "membership.ndjson"),
  };
  const catalog = generateCatalog(resolved);
  const records = await writeNdjson(
    paths.records,
    catalog.records.map((record) => record.doc),
  );
  const membershipEvents = await writeNdjson(paths.membership, catalog.membership);

  const summary: GenerateSummary = {
    views: 0,
    downloads: 0,
    records,
    membershipEvents,
    invalidLines: 0,
    files: [paths.views, paths.downloads, paths.records, paths.membership],
    communityIds: catalog.communityIds,
    unknownRecordEvents: 0,
    robotEvents: 0,
    enrichedEvents: 0,
  };
  const writers = { view: new NdjsonWriter(paths.views), download: new NdjsonWriter(paths.downloads) };
  let lines = 0;
  try {
    for (const { line, invalid, event } of generateEventLines(catalog, resolved)) {
      if (++lines % 4096 === 0) onProgress?.(lines, resolved.events);
      const pending = writers[event.type].write(line);
      if (pending !== undefined) await pending;
      if (invalid !== null) {
        summary.invalidLines++;
        continue;
      }
      if (event.type === "view") summary.views++;
      else summary.downloads++;
      if (event.record.doc === null) summary.unknownRecordEvents++;
      if (event.visit.robot) summary.robotEvents++;
      if (event.enrichment !== null) summary.enrichedEvents++;
    }
  } finally {
    await Promise.all([writers.view.close(), writers.download.close()]);
  }
  return summary;
}
