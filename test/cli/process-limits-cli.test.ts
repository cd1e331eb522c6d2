// Low process limits (issue 12, item 14), with the real CLI under `ulimit`, on whichever
// Node runs the tests (CI runs them on Node 20 and Node 24): an open-file limit too low for
// a run is one line naming the limit (exit 71); an address-space limit is planned within
// (fewer worker threads) or refused with one line, never V8's fatal error. The limits the
// address-space tests set come from the planner's measured table for this Node version.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reservationFor } from "../../src/coordinator/plan-address-space.js";
import { MIN_OPEN_FILES } from "../../src/model/process-limits.js";
import { CLI, TEST_ENV } from "../support/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-ulimit-"));
  const views = Array.from({ length: 50 }, (_, i) => `${JSON.stringify({ timestamp: "2025-03-01T10:00:00", recid: `r${i % 3}`, visitor_id: `v${i}` })}\n`).join(
    "",
  );
  await writeFile(join(dir, "views.ndjson"), views);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The CLI under `ulimit <limit>` (bash's ulimit, then exec: the limit is the CLI's own). */
function underLimit(limit: string, args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync("bash", ["-c", `ulimit ${limit} && exec "$0" "$@"`, process.execPath, CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...TEST_ENV },
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

const hasBash = existsSync("/bin/bash") || existsSync("/usr/bin/bash");
const MIB = 2 ** 20;
const space = reservationFor();
const mib = (bytes: number) => Math.round(bytes / MIB);

describe.skipIf(!hasBash || process.platform !== "linux")(`low process limits (Node ${process.versions.node})`, () => {
  const aggregate = () => ["aggregate", "--input", dir, "--out", join(dir, "o.ndjson"), "--log-level", "warn"];

  it("an open-file limit below what a run needs: one line naming ulimit -n and its value, exit 71", () => {
    const run = underLimit("-n 48", aggregate());
    expect(run.status).toBe(71);
    expect(run.stderr.trim().split("\n")).toEqual([
      `usage-delta: the limit of open files (ulimit -n) is 48, below the ${MIN_OPEN_FILES} a run needs: raise it, e.g. to 4096`,
    ]);
  });

  it("the lowest open-file limit allowed is enough for a run on a pool of two", () => {
    const run = underLimit(`-n ${MIN_OPEN_FILES}`, [...aggregate(), "--backend", "parallel", "--threads", "2"]);
    expect(run.stderr).not.toContain("open files");
    expect(run.status, run.stderr).toBe(0);
  });

  it("an address-space limit that holds one worker thread, not two: the pool gets one, and --explain says so", () => {
    const limit = mib(space.poolBytes + 1.5 * space.perWorkerBytes);
    const run = underLimit(`-v ${limit * 1024}`, [...aggregate(), "--backend", "parallel", "--threads", "2", "--explain"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `plan: address space: the address-space limit (ulimit -v) of ${limit} MiB holds 1 worker thread (each reserves about ${mib(space.perWorkerBytes)} MiB), not 2`,
    );
    expect(run.stderr).toMatch(/backend\s+parallel \(1 thread/);
    expect(run.stderr).toContain("plan: address space: events are read by the JavaScript scanner, not the WebAssembly one");
  });

  it("an address-space limit that holds no worker: --backend parallel is refused with one line, exit 2", () => {
    const limit = mib(space.poolBytes + 0.5 * space.perWorkerBytes);
    const run = underLimit(`-v ${limit * 1024}`, [...aggregate(), "--backend", "parallel", "--threads", "2"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      `usage-delta: the address-space limit (ulimit -v) of ${limit} MiB is below what a worker pool needs, about ${mib(space.poolBytes + space.perWorkerBytes)} MiB for one thread: raise it, or use --backend memory`,
    ]);
  });

  it("an address-space limit that holds the run alone: the memory backend runs, without WebAssembly, to the same documents", async () => {
    const limit = mib(space.aloneBytes);
    const run = underLimit(`-v ${limit * 1024}`, [...aggregate(), "--backend", "memory"]);
    expect(run.stderr).not.toContain("Fatal");
    expect(run.status, run.stderr).toBe(0);
    // The JavaScript scanner and ByteDictionary read every line there; without the limit, the WebAssembly ones.
    const limited = await readFile(join(dir, "o.ndjson"), "utf8");
    const free = underLimit("-v unlimited", ["aggregate", "--input", dir, "--out", join(dir, "free.ndjson"), "--log-level", "warn", "--backend", "memory"]);
    expect(free.status, free.stderr).toBe(0);
    const withoutTimestamps = (text: string) => text.replace(/"timestamp":"[^"]*"/g, "");
    expect(withoutTimestamps(limited)).toBe(withoutTimestamps(await readFile(join(dir, "free.ndjson"), "utf8")));
    expect(limited).toContain('"unique_visitors":50');
  });
});
