// Ctrl-C (SIGINT) while the CLI runs: exit 130, no output file under either name (the
// temporary one or the final one), no bookmark moved; with the search backend, no
// temporary index left in OpenSearch.

import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { spawnCli } from "../support/spawn-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-interrupt-"));
  await generateDataset({ outDir: dir, events: 80_000, seed: 6, days: 40, communities: 3 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Only the input files are left in the directory. */
/** What the run left beside the inputs, but for its run record (which says "interrupted": status reads it). */
async function leftovers(): Promise<string[]> {
  const names = await readdir(dir);
  for (const name of names.filter((n) => n.endsWith(".last-run.json"))) {
    expect(JSON.parse(await readFile(join(dir, name), "utf8"))).toMatchObject({ outcome: "interrupted", exit_code: 130 });
    await rm(join(dir, name));
  }
  return names.filter((name) => !/^(views|downloads|records|membership)\.ndjson$/.test(name) && !name.endsWith(".last-run.json"));
}

describe("Ctrl-C", () => {
  const cases = [
    { name: "between day windows", flags: ["--max-memory", "1M"], after: /plan: memory guard: RSS/ },
    { name: "in a single pass", flags: ["--max-memory", "64G"], after: /plan: memory: one pass needs/ },
  ];
  for (const { name, flags, after } of cases) {
    it(`${name}: exit 130, no output file, no bookmark`, async () => {
      const out = join(dir, "out.ndjson");
      const cli = spawnCli(["aggregate", "--input", dir, "--out", out, "--since-bookmark", "--threads", "2", "--explain", "--log-level", "warn", ...flags]);
      await cli.waitFor(after);
      cli.child.kill("SIGINT");
      const { code, signal } = await cli.exited;
      expect({ code, signal }, cli.stderr()).toEqual({ code: 130, signal: null });
      expect(existsSync(out)).toBe(false);
      expect(await leftovers()).toEqual([]);
    });
  }
});

describeWithOpenSearch("Ctrl-C with the search backend", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("interrupt")}-`;

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.close();
  });

  it("between day windows: exit 130, no output file, no temporary index", async () => {
    const out = join(dir, "search.ndjson");
    const args = [
      "aggregate",
      "--input",
      dir,
      "--out",
      out,
      "--backend",
      "search",
      "--max-memory",
      "1M",
      "--os-url",
      opensearchUrl() ?? "",
      "--index-prefix",
      prefix,
      "--explain",
      "--log-level",
      "warn",
    ];
    const cli = spawnCli(args);
    await cli.waitFor(/plan: memory guard: RSS/, 120_000);
    cli.child.kill("SIGINT");
    const { code, signal } = await cli.exited;
    expect({ code, signal }, cli.stderr()).toEqual({ code: 130, signal: null });
    const { body } = await client.cat.indices({ index: `${prefix}usage-delta-tmp-*`, format: "json" });
    expect(body).toEqual([]);
    expect(existsSync(out)).toBe(false);
    expect(await leftovers()).toEqual([]);
  });
});
