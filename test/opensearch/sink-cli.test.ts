// `aggregate --sink opensearch` end to end (the built binary): the documents of the file
// sink land in OpenSearch, a dry run writes nothing, and documents the index refuses
// make the run fail after the summary has listed them.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { usageDeltaAlias, usageDeltaTemplateName } from "../../src/opensearch/usage-delta-names.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { runCli } from "../support/run-cli.js";

describeWithOpenSearch("aggregate --sink opensearch", () => {
  const client = makeTestClient();
  const prefixes: string[] = [];
  const newPrefix = () => {
    const prefix = `${uniqueIndexName("cli")}-`;
    prefixes.push(prefix);
    return prefix;
  };
  let dir: string;
  let fileDocuments: unknown[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-sink-cli-"));
    await generateDataset({ outDir: dir, events: 800, seed: 11, start: "2025-05-01", days: 4, communities: 2 });
    const out = join(dir, "out.ndjson");
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--backend", "memory", "--log-level", "warn"]);
    expect(run.status).toBe(0);
    fileDocuments = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => withoutTimestamp(JSON.parse(line)));
  });

  afterAll(async () => {
    for (const prefix of prefixes) {
      await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
      await client.indices.deleteIndexTemplate({ name: usageDeltaTemplateName(prefix) }, { ignore: [404] });
    }
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  const connection = () => ["--os-url", opensearchUrl() ?? "", "--log-level", "warn"];

  async function indexed(prefix: string): Promise<unknown[]> {
    const { body } = await client.search({
      index: usageDeltaAlias(prefix),
      body: { size: 10_000, sort: [{ community_id: "asc" }, { period_start: "asc" }] },
    });
    return body.hits.hits.map((hit) => withoutTimestamp(hit._source));
  }

  it("--backend search --sink opensearch: the file sink's documents, in the index, no temporary index left", async () => {
    const prefix = newPrefix();
    const run = runCli([
      "aggregate",
      "--input",
      dir,
      "--backend",
      "search",
      "--check-exact",
      "--sink",
      "opensearch",
      "--index-prefix",
      prefix,
      ...connection(),
    ]);
    expect(run.stderr).toMatch(/exact fields\s+all equal/);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/unique_\* deviation\s+max 0\.000%/);
    expect(run.stderr).toMatch(new RegExp(`written\\s+${fileDocuments.length} of ${fileDocuments.length}`));
    expect(run.stdout).toBe("");
    expect(await indexed(prefix)).toEqual(fileDocuments);
    const { body: left } = await client.cat.indices({ index: `${prefix}usage-delta-tmp-*`, format: "json" });
    expect(left).toEqual([]);
  });

  it("--dry-run names the indices and first ids and writes nothing", async () => {
    const prefix = newPrefix();
    const run = runCli([
      "aggregate",
      "--input",
      dir,
      "--backend",
      "memory",
      "--sink",
      "opensearch",
      "--dry-run",
      "--index-prefix",
      prefix,
      "--log-level",
      "warn",
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("dry run: nothing written");
    expect(run.stderr).toContain(`would write to      ${prefix}stats-community-usage-delta-2025: ${fileDocuments.length} documents`);
    expect(run.stderr).toMatch(/first ids\s+\S+-2025-05-01/);
    const { body: indices } = await client.cat.indices({ index: `${prefix}*`, format: "json" });
    expect(indices).toEqual([]);
  });

  it("exits non-zero when documents are refused, after listing them", async () => {
    const prefix = newPrefix();
    // An index that is there already, with a mapping our documents do not fit.
    await client.indices.create({
      index: `${prefix}stats-community-usage-delta-2025`,
      body: { settings: { number_of_replicas: 0 }, mappings: { dynamic: "strict", properties: { community_id: { type: "keyword" } } } },
    });
    const run = runCli(["aggregate", "--input", dir, "--backend", "memory", "--sink", "opensearch", "--index-prefix", prefix, ...connection()]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`failed\\s+${fileDocuments.length}`));
    expect(run.stderr).toContain("strict_dynamic_mapping_exception");
    expect(run.stderr).toContain(`usage-delta: ${fileDocuments.length} of ${fileDocuments.length} documents were not written to OpenSearch`);
  });

  it("exits 69 when the cluster cannot be reached", () => {
    const run = runCli(["aggregate", "--input", dir, "--sink", "opensearch", "--os-url", "http://127.0.0.1:9", "--log-level", "warn"]);
    expect(run.status).toBe(69);
    expect(run.stderr).toContain("cannot reach OpenSearch at http://127.0.0.1:9");
  });
});

function withoutTimestamp(document: unknown): unknown {
  const { timestamp: _ignored, ...rest } = document as Record<string, unknown>;
  return rest;
}
