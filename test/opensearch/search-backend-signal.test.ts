// Ctrl-C (SIGINT) or SIGTERM while the `search` backend's temporary index exists: the
// built CLI deletes the index and exits 130 (interrupted), leaving no output file. After
// SIGKILL, which no process can handle, the next run deletes the index it left.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { describeWithOpenSearch, makeTestClient, opensearchUrl, uniqueIndexName } from "../support/opensearch.js";
import { CLI, runCli } from "../support/run-cli.js";

describeWithOpenSearch("search backend interrupted", () => {
  const client = makeTestClient();
  const prefix = `${uniqueIndexName("sig")}-`;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "usage-delta-signal-"));
    // Enough buckets that the aggregations take seconds.
    await generateDataset({ outDir: dir, events: 3000, seed: 2, start: "2025-06-01", days: 10, communities: 4 });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*`, ignore_unavailable: true });
    await client.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The temporary indices; with `loaded`, only those whose events are searchable (the aggregation phase). */
  const temporaryIndices = async (loaded = false) => {
    const { body } = await client.cat.indices({ index: `${prefix}usage-delta-tmp-*`, format: "json" });
    return (body as { index: string; "docs.count": string | null }[]).filter((row) => !loaded || Number(row["docs.count"]) > 0).map((row) => row.index);
  };

  const cases = [
    { signal: "SIGINT", phase: "while it loads the events", loaded: false },
    { signal: "SIGTERM", phase: "while it aggregates", loaded: true },
  ] as const;
  const searchArgs = (out: string) => [
    "aggregate",
    "--input",
    dir,
    "--backend",
    "search",
    "--out",
    join(dir, out),
    "--os-url",
    opensearchUrl() ?? "",
    "--index-prefix",
    prefix,
    "--log-level",
    "warn",
  ];

  /** Starts a search-backend run and waits until its temporary index exists (with `loaded`, holds the events). */
  const startRun = async (out: string, loaded: boolean) => {
    const child = spawn(process.execPath, [CLI, ...searchArgs(out)], { stdio: ["ignore", "ignore", "pipe"] });
    const output = { stderr: "" };
    child.stderr.on("data", (data: Buffer) => {
      output.stderr += data.toString();
    });
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    let seen: string[] = [];
    for (let waited = 0; seen.length === 0 && waited < 60_000 && child.exitCode === null; waited += 50) {
      seen = await temporaryIndices(loaded);
      if (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen, output.stderr).toHaveLength(1);
    return { child, exited, seen, output };
  };

  for (const { signal, phase, loaded } of cases) {
    it(`${signal} ${phase}: the temporary index is deleted`, async () => {
      const { child, exited, output } = await startRun(`${signal}.ndjson`, loaded);
      child.kill(signal);
      const [code, killedBy] = await exited;
      expect({ code, killedBy }, output.stderr).toEqual({ code: 130, killedBy: null });
      expect(await temporaryIndices()).toEqual([]);
      expect(existsSync(join(dir, `${signal}.ndjson`))).toBe(false);
    });
  }

  it("SIGKILL while it aggregates: the index is left, and the next run on this host deletes it", async () => {
    const { child, exited, seen } = await startRun("killed.ndjson", true);
    child.kill("SIGKILL");
    await exited;
    expect(await temporaryIndices()).toEqual(seen);
    const next = runCli(searchArgs("next.ndjson"));
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr).toContain(`stale indices       ${seen[0]} (left by killed runs on this host; deleted)`);
    expect(await temporaryIndices()).toEqual([]);
  });
});
