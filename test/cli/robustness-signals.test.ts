// Ctrl-C (SIGINT) and SIGTERM in the group stage and in the write of the documents, with
// the memory and the parallel backend, through the real CLI. A test hook
// (USAGE_DELTA_TEST_PAUSE_AT) pauses the run at the start of the phase, so that the signal
// lands there whatever the machine's speed. Each run replaces an earlier run's output:
// after the signal, exit 130, the earlier output and bookmarks as they were, no temporary
// file, and the summary says the run was interrupted.

import { cp, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

let data: string;
let earlier: string;
let dir: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "usage-delta-signals-data-"));
  await generateDataset({ outDir: data, events: 3000, seed: 31, days: 12, communities: 2 });
  // The earlier run's output, which an interrupted run must leave as it is. A shorter
  // range than the interrupted runs, so that a replaced output would differ.
  earlier = await mkdtemp(join(tmpdir(), "usage-delta-signals-earlier-"));
  const run = runCli(["aggregate", "--input", data, "--out", join(earlier, "out.ndjson"), "--end", "2025-01-05", "--backend", "memory", "--log-level", "warn"]);
  expect(run.status, run.stderr).toBe(0);
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
  await rm(earlier, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-signals-"));
  await cp(earlier, dir, { recursive: true });
  return () => rm(dir, { recursive: true, force: true });
});

/** The files beside the output, but the run record, which each run (interrupted too) leaves for `status`. */
const snapshot = async (where: string) =>
  Object.fromEntries(
    await Promise.all(
      (await readdir(where))
        .filter((name) => !name.endsWith(".last-run.json"))
        .sort()
        .map(async (name) => [name, await readFile(join(where, name), "utf8")]),
    ),
  );

// A single pass, and day windows (--max-memory 1M: the group stage of the first window).
describe.each([
  ["memory", []],
  ["parallel", []],
  ["memory", ["--max-memory", "1M"]],
])("--backend %s %s", (backend, extra) => {
  for (const phase of ["group", "write"] as const) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      it(`${signal} in the ${phase} stage: exit 130, the earlier output and bookmarks stay, no temporary file`, async () => {
        const before = await snapshot(dir);
        const args = ["aggregate", "--input", data, "--out", join(dir, "out.ndjson"), "--backend", backend, "--threads", "2", "--log-level", "warn", ...extra];
        const cli = spawnCli(args, { env: { USAGE_DELTA_TEST_PAUSE_AT: phase } });
        await cli.waitFor(new RegExp(`paused at the ${phase} stage`));
        cli.child.kill(signal);
        const { code, signal: killedBy } = await cli.exited;
        expect({ code, killedBy }, cli.stderr()).toEqual({ code: 130, killedBy: null });
        expect(cli.stderr()).toContain("interrupted, stopping");
        expect(cli.stderr()).toMatch(/documents written\s+0 of \d+/);
        expect(cli.stderr()).toMatch(/NOT DONE\s+interrupted/);
        expect(cli.stderr()).toMatch(/bookmarks\s+unchanged/);
        expect(await snapshot(dir)).toEqual(before);
        expect(JSON.parse(await readFile(join(dir, "out.ndjson.last-run.json"), "utf8"))).toMatchObject({ outcome: "interrupted", exit_code: 130 });
      });
    }
  }
});
