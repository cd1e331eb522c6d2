// The planner handing days to the search backend: with --backend auto, a budget too
// small for any day and a cluster named with --os-url, the memory guard sends the days
// to the search backend; the documents keep every exact field (event counts, volumes,
// items, labels, order) and their unique counts stay within HyperLogLog++'s error.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { compareDocuments } from "../../src/model/compare-documents.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { readDocuments } from "../support/documents-file.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";

describeWithOpenSearch("memory guard -> search backend", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("guard")}-`;
  let dir = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-guard-"));
    await generateDataset({ outDir: dir, events: 3000, seed: 14, days: 3, communities: 3 });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("days over the budget go to the search backend; exact fields equal, unique counts close", async () => {
    const exact = join(dir, "exact.ndjson");
    expect(runCli(["aggregate", "--input", dir, "--out", exact, "--log-level", "warn"]).status).toBe(0);
    const out = join(dir, "guarded.ndjson");
    const run = runCli([
      "aggregate",
      "--input",
      dir,
      "--out",
      out,
      "--backend",
      "auto",
      "--max-memory",
      "1M",
      "--os-url",
      opensearchUrl() ?? "",
      "--index-prefix",
      prefix,
      "--explain",
      "--log-level",
      "warn",
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/plan: \d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}: [\d,]+ events, more than memory allows: these days go to the search backend/);
    expect(run.stderr).toMatch(/temporary index/);
    const comparison = compareDocuments(await readDocuments(exact), await readDocuments(out));
    expect(comparison.documents).toBe(3 * 4);
    expect(comparison.exactMismatches).toEqual([]);
    expect(comparison.maxRelativeDeviation).toBeLessThan(0.05);
    const { body } = await client.cat.indices({ index: `${prefix}usage-delta-tmp-*`, format: "json" });
    expect(body).toEqual([]);
  });
});
