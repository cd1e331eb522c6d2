// The planner through the CLI: --explain says what it decided and why; a tiny
// --max-memory sends the run into day windows (and the memory guard into action), and
// the windowed documents equal the single pass's.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-planner-"));
  await generateDataset({ outDir: dir, events: 20_000, seed: 11, days: 12, communities: 4 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The documents of a file, without the run's timestamp. */
async function documents(path: string): Promise<string[]> {
  return (await readFile(path, "utf8"))
    .trim()
    .split("\n")
    .map((line) => {
      const { timestamp: _ignored, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
}

function aggregate(out: string, ...flags: string[]) {
  const run = runCli(["aggregate", "--input", dir, "--out", join(dir, out), "--threads", "2", "--explain", "--log-level", "warn", ...flags]);
  expect(run.status, run.stderr).toBe(0);
  return run;
}

describe("the planner on the command line", () => {
  it("explains each decision; windowed runs (tiny budget, or a large measured cost per event) give the single pass's documents", async () => {
    const single = aggregate("single.ndjson", "--max-memory", "64G");
    // 20,000 events: too few for a pool to pay for its start-up.
    expect(single.stderr).toMatch(
      /plan: backend memory: about [\d,]+ events, fewer than the 150,000 below which a worker pool costs more to start than it saves/,
    );
    expect(single.stderr).toMatch(/plan: memory: one pass needs about \d+ MiB, within the budget of 65536 MiB/);
    expect(single.stderr).not.toMatch(/day windows\n/);

    const tiny = aggregate("tiny.ndjson", "--max-memory", "1M");
    expect(tiny.stderr).toMatch(/plan: memory: one pass would need about \d+ MiB, over the budget of 1 MiB: a scan, then day windows of at most 1 events/);
    expect(tiny.stderr).toMatch(/plan: memory guard: RSS \d+ MiB over the budget after a window/);
    expect(tiny.stderr).toMatch(/12 day windows/);

    const costly = aggregate("costly.ndjson", "--max-memory", "512M", "--bytes-per-event", "30000");
    const windows = Number(/(\d+) day windows/.exec(costly.stderr)?.[1]);
    expect(windows).toBeGreaterThan(1);
    expect(windows).toBeLessThan(12); // several days per window

    const expected = await documents(join(dir, "single.ndjson"));
    expect(expected).toHaveLength(12 * 5);
    expect(await documents(join(dir, "tiny.ndjson"))).toEqual(expected);
    expect(await documents(join(dir, "costly.ndjson"))).toEqual(expected);
  });
});
