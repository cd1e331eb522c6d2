// Timeouts leave only complete days: through the library (an AbortSignal aborted with
// reason "timeout" once the first day window is done; --community-timeout's window
// limit) and through the CLI (--timeout 3 on a run in day windows: exit 75, the output
// holds whole days only, each equal to the uninterrupted run's).

import { copyFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAggregation } from "../../src/coordinator/run-aggregation.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import type { EventSource } from "../../src/sources/event-source.js";
import { createFileEventSource, datasetFiles } from "../../src/sources/file-event-source.js";
import { comparable, daysByCommunity, readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";
import { testEngineOptions } from "../support/engine-options.js";

const OPTIONS = testEngineOptions({ chunkSize: 500, windowEvents: 1 }); // one day per window

let small: string;
let large: string;
beforeAll(async () => {
  small = await mkdtemp(join(tmpdir(), "usage-delta-timeout-small-"));
  large = await mkdtemp(join(tmpdir(), "usage-delta-timeout-large-"));
  await generateDataset({ outDir: small, events: 4000, seed: 3, days: 6, communities: 3 });
  await generateDataset({ outDir: large, events: 80_000, seed: 4, days: 40, communities: 3 });
});
afterAll(async () => {
  await rm(small, { recursive: true, force: true });
  await rm(large, { recursive: true, force: true });
});

/** The files of `dir`; `onPass(n)` is told when pass n (1: the scan, 2: the first window, ...) starts reading. */
function countingSource(dir: string, onPass: (n: number) => void): EventSource {
  const source = createFileEventSource(datasetFiles(dir));
  let passes = 0;
  return {
    ...source,
    chunks(chunkSize, range, consumers) {
      onPass(++passes);
      return source.chunks(chunkSize, range, consumers);
    },
  };
}

describe("timeouts through the library", () => {
  it("a timeout after the first window: that window's days only, the rest reported", async () => {
    const full = await runAggregation(createFileEventSource(datasetFiles(small)), OPTIONS);
    const controller = new AbortController();
    const stopped = await runAggregation(
      countingSource(small, (n) => {
        if (n === 3) controller.abort("timeout");
      }),
      OPTIONS,
      { signal: controller.signal },
    );
    const firstDay = full.summary.range?.start ?? "";
    expect(stopped.summary.incomplete?.reason).toBe("timeout");
    expect(stopped.summary.incomplete?.notDone?.start).not.toBe(firstDay);
    expect(stopped.summary.incomplete?.notDone?.end).toBe(full.summary.range?.end);
    expect(stopped.summary.windows).toBe(1);
    expect([...daysByCommunity(stopped.documents).values()].every((days) => days.join() === firstDay)).toBe(true);
    const expected = comparable(full.documents.filter((d) => d.period_start.startsWith(firstDay)));
    expect(comparable(stopped.documents)).toEqual(expected);
  });

  it("a timeout before the first day is complete (the scan, a single pass): no documents, still a summary that says so", async () => {
    for (const options of [OPTIONS, testEngineOptions({ chunkSize: 500 })]) {
      const controller = new AbortController();
      // Pass 1 is the scan of a windowed run, or the single pass itself.
      const stopped = await runAggregation(
        countingSource(small, (n) => {
          if (n === 1) controller.abort("timeout");
        }),
        options,
        { signal: controller.signal },
      );
      expect(stopped.documents).toEqual([]);
      expect(stopped.summary.incomplete).toEqual({ reason: "timeout", notDone: null });
      expect(stopped.summary.records).toBeGreaterThan(0);
    }
  });

  it("--community-timeout: a window over the limit stops the run as a timeout, complete days only", async () => {
    const notes: string[] = [];
    const stopped = await runAggregation(
      createFileEventSource(datasetFiles(small)),
      { ...OPTIONS, chunkSize: 50, windowTimeoutMs: 1 },
      { onNote: (note) => notes.push(note) },
    );
    expect(stopped.summary.incomplete?.reason).toBe("timeout");
    expect(notes.join("\n")).toMatch(/took longer than --community-timeout/);
    expect(new Set([...daysByCommunity(stopped.documents).values()].map((days) => days.join())).size).toBeLessThanOrEqual(1);
    expect(stopped.documents.length).toBeLessThan(6 * 4);
  });
});

const SLOW_WINDOWS = { USAGE_DELTA_TEST_WINDOW_DELAY_MS: "400" };

describe("--timeout on the command line", () => {
  it("exits 75 and writes whole days only, each as the uninterrupted run has it", async () => {
    const fullPath = join(large, "full.ndjson");
    expect(runCli(["aggregate", "--input", large, "--out", fullPath, "--log-level", "warn"]).status).toBe(0);
    const out = join(large, "timed-out.ndjson");
    // One-day windows, each after a pause (a test hook): the run outlasts --timeout on any machine.
    const run = runCli(["aggregate", "--input", large, "--out", out, "--max-memory", "1M", "--timeout", "3", "--threads", "2", "--log-level", "warn"], {
      env: SLOW_WINDOWS,
    });
    expect(run.status, run.stderr).toBe(75);
    expect(run.stderr).toMatch(/NOT DONE\s+timed out: (days \d{4}-\d{2}-\d{2} \.\. \d{4}-\d{2}-\d{2} were not written|no day was completed)/);
    const written = await readDocuments(out);
    const full = await readDocuments(fullPath);
    const days = [...daysByCommunity(written).values()].map((list) => list.join());
    expect(new Set(days).size).toBeLessThanOrEqual(1); // every community: the same whole days
    const allDays = [...new Set(full.map((d) => d.period_start.slice(0, 10)))].sort();
    expect(days[0] ?? "").toBe(allDays.slice(0, written.length / 4).join()); // a prefix of the range
    expect(written.length).toBeLessThan(full.length);
    const expected = comparable(full);
    for (const [id, text] of comparable(written)) expect(text, id).toBe(expected.get(id));
    expect((await readdir(large)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("a timed-out run over a complete output merges its days into it: nothing lost, no bookmark moves back", async () => {
    const fullPath = join(large, "complete.ndjson");
    expect(runCli(["aggregate", "--input", large, "--out", fullPath, "--log-level", "warn"]).status).toBe(0);
    const out = join(large, "kept.ndjson");
    await copyFile(fullPath, out);
    await copyFile(`${fullPath}.bookmarks.json`, `${out}.bookmarks.json`);
    const bookmarksBefore = await readFile(`${out}.bookmarks.json`, "utf8");
    // No --since-bookmark: before the fix this replaced the whole output with the few days done.
    const run = runCli(["aggregate", "--input", large, "--out", out, "--max-memory", "1M", "--timeout", "3", "--threads", "2", "--log-level", "warn"], {
      env: SLOW_WINDOWS,
    });
    expect(run.status, run.stderr).toBe(75);
    expect(run.stderr).toMatch(/usage-delta summary/);
    expect(run.stderr).toMatch(/NOT DONE\s+timed out/);
    expect(comparable(await readDocuments(out))).toEqual(comparable(await readDocuments(fullPath)));
    expect(await readFile(`${out}.bookmarks.json`, "utf8")).toBe(bookmarksBefore);
  });
});
