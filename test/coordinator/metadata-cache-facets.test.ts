// The metadata cache keeps records as extracted under the facet table (facet values keyed
// by row position, read by its record paths): a copy written under another table (a facet
// added, moved or read elsewhere) is not used, the records are fetched again.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metadataCachePath, readMetadataCache, writeMetadataCache, type MetadataCacheCopy } from "../../src/coordinator/metadata-cache-file.js";
import { extractRecord, type ExtractedRecord } from "../../src/records/extract-record.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-cache-facets-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = "files:records.ndjson";

async function writeCopy(): Promise<string> {
  const record = extractRecord({ id: "r1", metadata: { resource_type: { id: "dataset", title: { en: "Dataset" } } } }) as ExtractedRecord;
  const copy: MetadataCacheCopy = { key: KEY, fetchedAtMs: 1_760_000_000_000, records: new Map([["r1", record]]), membership: new Map(), rejects: [] };
  const path = metadataCachePath(dir, KEY);
  await writeMetadataCache(path, dir, copy);
  return path;
}

/** Rewrites the header line of a cache file. */
async function editHeader(path: string, edit: (header: Record<string, unknown>) => void): Promise<void> {
  const [first, ...rest] = (await readFile(path, "utf8")).split("\n");
  const header = JSON.parse(first) as Record<string, unknown>;
  edit(header);
  await writeFile(path, [JSON.stringify(header), ...rest].join("\n"));
}

describe("metadata cache and the facet table", () => {
  it("reads a copy written under the same facet table", async () => {
    const path = await writeCopy();
    const copy = await readMetadataCache(path, KEY);
    expect(copy?.records.get("r1")?.facets).toHaveLength(1);
  });

  it("leaves a copy written under another facet table, or before the table was recorded", async () => {
    const path = await writeCopy();
    await editHeader(path, (header) => {
      header.facets = "another-table";
    });
    expect(await readMetadataCache(path, KEY)).toBeUndefined();
    await writeCopy();
    await editHeader(path, (header) => {
      delete header.facets;
    });
    expect(await readMetadataCache(path, KEY)).toBeUndefined();
  });
});
