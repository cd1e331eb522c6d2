// A --max-memory below the least a run can use (issue 12, item 8) is refused before any
// work, with one line; --explain says what the floor is made of. (The floor itself is a
// measurement: bench/, README "Planner"; tests check the decision, never memory.)

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-floor-"));
  await writeFile(join(dir, "views.ndjson"), `${JSON.stringify({ timestamp: "2025-03-01T10:00:00", recid: "r1", visitor_id: "v1" })}\n`);
  await writeFile(join(dir, "records.ndjson"), `${JSON.stringify({ id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } } })}\n`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The planner's measured floor, not the tests' (see test/support/run-cli.ts). */
const REAL_FLOOR = { USAGE_DELTA_TEST_MEMORY_FLOOR: "" };

describe("--max-memory below the floor", () => {
  it("is refused up front with one line, exit 2, nothing written", () => {
    const out = join(dir, "o.ndjson");
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--backend", "parallel", "--threads", "2", "--max-memory", "300M", "--log-level", "warn"], {
      env: REAL_FLOOR,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^usage-delta: --max-memory 300 MiB is below the least this run can use, about \d+ MiB \(--explain says why\): raise it, or fewer --threads$/,
      ),
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("--explain says what the least is and that the budget is below it", () => {
    const run = runCli(
      [
        "aggregate",
        "--input",
        dir,
        "--out",
        join(dir, "o.ndjson"),
        "--backend",
        "parallel",
        "--threads",
        "2",
        "--max-memory",
        "300M",
        "--explain",
        "--log-level",
        "warn",
      ],
      { env: REAL_FLOOR },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /plan: memory: the least this run can use is about \d+ MiB \(process 280 MiB, 2 worker threads 240 MiB, record index 0 MiB\); the budget of 300 MiB is below it\n/,
    );
  });

  it("a budget above it runs (one thread, no pool: a smaller floor)", () => {
    const run = runCli(["aggregate", "--input", dir, "--out", join(dir, "o.ndjson"), "--backend", "memory", "--max-memory", "300M", "--log-level", "warn"], {
      env: REAL_FLOOR,
    });
    expect(run.status).toBe(0);
  });
});
