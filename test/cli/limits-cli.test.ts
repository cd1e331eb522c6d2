// The limits of one run (issue 12, items 1 and 2): a far-off timestamp is rejected instead
// of stretching the range over centuries, and a run whose documents (communities x days)
// would not fit in memory stops before building them, with one line (exit 2).

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-limits-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The planner's measured floor, not the tests' (see test/support/run-cli.ts). */
const REAL_FLOOR = { USAGE_DELTA_TEST_MEMORY_FLOOR: "" };
const line = (event: Record<string, unknown>) => `${JSON.stringify(event)}\n`;

describe("limits of a run", () => {
  it("a timestamp of year 1 or of UTC year 10000 is a reject, not a range of centuries", async () => {
    const views = join(dir, "v.ndjson");
    await writeFile(
      views,
      [
        line({ timestamp: "0001-01-01T00:00:00", recid: "x" }),
        line({ timestamp: "9999-12-31T23:30:00-01:00", recid: "x" }),
        line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }),
      ].join(""),
    );
    const out = join(dir, "o.ndjson");
    const run = runCli(["aggregate", "--views", views, "--out", out, "--max-memory", "2G", "--log-level", "warn"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/range\s+2025-06-04 \.\. 2025-06-04/);
    expect(run.stderr).toMatch(/rejected\s+2/);
    const rejects = (await readFile(`${out}.rejects.ndjson`, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [1, "timestamp out of range"],
      [2, "timestamp out of range"],
    ]);
  });

  it("documents that would not fit the budget stop the run before they are built: one line, exit 2, no output", async () => {
    const views = join(dir, "v.ndjson");
    const communities = Array.from({ length: 200 }, (_, i) => `c${i}`);
    await writeFile(views, line({ timestamp: "2025-06-04T10:00:00", recid: "r1", community_ids: communities }));
    const out = join(dir, "o.ndjson");
    // 201 communities x 1,001 days: about 190 MiB of documents, over a budget of 400 MiB less the planner's floor (280 MiB, one thread, no records).
    const args = [
      "aggregate",
      "--views",
      views,
      "--out",
      out,
      "--start",
      "2023-01-01",
      "--end",
      "2025-09-27",
      "--backend",
      "memory",
      "--max-memory",
      "400M",
      "--log-level",
      "warn",
    ];
    const run = runCli(args, { env: REAL_FLOOR });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("the documents of this run do not fit in memory: 201 communities x 1,001 days = 201,201 documents");
    expect(run.stderr).toContain("narrow --start/--end or --community, or raise --max-memory");
    expect(existsSync(out)).toBe(false);
    // Fewer communities fit.
    const fits = runCli([...args, "--community", "c1"], { env: REAL_FLOOR });
    expect(fits.status).toBe(0);
    expect(fits.stderr).toMatch(/documents written\s+2,002/);
  });
});

describe("total_volume beyond 2^53", () => {
  it("is written exact, as its digits, and kept exact when a --since-bookmark run merges the file", async () => {
    const downloads = join(dir, "d.ndjson");
    const big = (day: string) => [2 ** 52, 2 ** 52, 1].map((size, i) => line({ timestamp: `${day}T1${i}:00:00`, recid: "r1", file_id: "f1", size })).join("");
    await writeFile(downloads, big("2025-06-04") + big("2025-06-05"));
    const out = join(dir, "o.ndjson");
    const run = runCli(["aggregate", "--downloads", downloads, "--out", out, "--log-level", "warn"]);
    expect(run.status).toBe(0);
    const text = await readFile(out, "utf8");
    expect(text.match(/"total_volume":9007199254740993[,}]/g)).toHaveLength(2);
    // The next run redoes the last day and keeps the first from the file: still exact.
    const again = runCli(["aggregate", "--downloads", downloads, "--out", out, "--since-bookmark", "--log-level", "warn"]);
    expect(again.status).toBe(0);
    expect((await readFile(out, "utf8")).match(/"total_volume":9007199254740993[,}]/g)).toHaveLength(2);
  });
});
