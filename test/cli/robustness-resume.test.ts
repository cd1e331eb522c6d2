// Kill and resume with the file sink: a run killed at any point (SIGKILL: no clean-up at
// all) and run again with --since-bookmark ends with exactly the documents of one
// uninterrupted run (all but each document's `timestamp`, the time of its computation).
// The output is replaced by rename, so a killed run leaves the previous one whole, and
// the bookmarks move only after the rename.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { comparable, readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

// Before the last day with events (--end bounds the resumed runs too). The timed-out run
// pauses before each one-day window (a test hook), so it outlasts its 3-second --timeout.
const END = "2025-03-31";

let dir: string;
let expected: Map<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-resume-"));
  await generateDataset({ outDir: dir, events: 80_000, seed: 8, days: 120, communities: 3 });
  const full = join(dir, "uninterrupted.ndjson");
  expect(runCli(["aggregate", "--input", dir, "--out", full, "--end", END, "--log-level", "warn"]).status).toBe(0);
  expected = comparable(await readDocuments(full));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const slow = ["--max-memory", "1M", "--threads", "2", "--explain", "--log-level", "warn"];

async function bookmarks(out: string): Promise<Record<string, string> | undefined> {
  try {
    return (JSON.parse(await readFile(`${out}.bookmarks.json`, "utf8")) as { bookmarks: Record<string, string> }).bookmarks;
  } catch {
    return undefined;
  }
}

/** Runs the CLI until stderr matches `pattern`, then SIGKILLs it. */
async function killAfter(args: string[], pattern: RegExp): Promise<void> {
  const cli = spawnCli(args);
  await cli.waitFor(pattern);
  cli.child.kill("SIGKILL");
  expect((await cli.exited).signal).toBe("SIGKILL");
}

describe("kill and resume, file sink", () => {
  it("a first run killed mid-way leaves nothing; run again, it gives the uninterrupted documents", async () => {
    const out = join(dir, "a.ndjson");
    const args = ["aggregate", "--input", dir, "--out", out, "--since-bookmark", "--end", END];
    await killAfter([...args, ...slow], /plan: memory guard: RSS/);
    expect(await readDocuments(out)).toEqual([]);
    expect(await bookmarks(out)).toBeUndefined();
    const resumed = runCli([...args, "--log-level", "warn"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(comparable(await readDocuments(out))).toEqual(expected);
    expect(Object.values((await bookmarks(out)) ?? {})).toEqual([END, END, END, END]);
  });

  it("timed out, then killed, then resumed: the uninterrupted documents; each run's bookmarks as far as it wrote", async () => {
    const out = join(dir, "b.ndjson");
    const args = ["aggregate", "--input", dir, "--out", out, "--since-bookmark", "--end", END];
    const timedOut = runCli([...args, ...slow, "--timeout", "3"], { env: { USAGE_DELTA_TEST_WINDOW_DELAY_MS: "200" } });
    expect(timedOut.status, timedOut.stderr).toBe(75);
    const afterTimeout = await bookmarks(out);
    const written = await readDocuments(out);
    const lastWritten = written
      .map((d) => d.period_start.slice(0, 10))
      .sort()
      .at(-1);
    expect(new Set(Object.values(afterTimeout ?? {}))).toEqual(new Set(lastWritten === undefined ? [] : [lastWritten]));

    // Killed after at least one window of the resumed run: the file and bookmarks stay as they were.
    await killAfter([...args, ...slow], /plan: memory guard: RSS/);
    expect(await bookmarks(out)).toEqual(afterTimeout);
    expect(comparable(await readDocuments(out))).toEqual(comparable(written));

    const resumed = runCli([...args, "--explain", "--log-level", "warn"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    if (lastWritten !== undefined) expect(resumed.stderr).toContain(`plan: since bookmark: from ${lastWritten}`);
    expect(comparable(await readDocuments(out))).toEqual(expected);
  });
});
