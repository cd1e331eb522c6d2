// The output lock, file sink, with real CLI processes: a second run on the same output
// exits 16 naming the holder, or with --lock-wait waits and then runs; a lock left by a
// process that no longer exists is taken over; one of another host never is.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

// One-day windows, each after a pause (a test hook): the first run holds the lock for seconds.
const SLOW = { USAGE_DELTA_TEST_WINDOW_DELAY_MS: "300" };
const slowArgs = ["--max-memory", "1M", "--threads", "1", "--explain", "--log-level", "warn"];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-lock-"));
  await generateDataset({ outDir: dir, events: 3000, seed: 5, days: 12, communities: 2 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that existed a moment ago and no longer does. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("two runs on the same output file", () => {
  it("the second exits 16 with a line naming the holder; with --lock-wait it waits, then runs", async () => {
    const out = join(dir, "shared.ndjson");
    const first = spawnCli(["aggregate", "--input", dir, "--out", out, ...slowArgs], { env: SLOW });
    await first.waitFor(/plan: backend/);
    expect(existsSync(`${out}.lock`)).toBe(true);

    const second = runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]);
    expect(second.status, second.stderr).toBe(16);
    expect(second.stderr).toContain(`usage-delta: another run holds the lock ${out}.lock: host ${hostname()}, pid ${first.child.pid}, since 20`);
    expect(second.stderr.trim().split("\n")).toHaveLength(1);

    const waiting = spawnCli(["aggregate", "--input", dir, "--out", out, "--lock-wait", "120", "--log-level", "warn"]);
    await waiting.waitFor(/waiting up to 120 s for the lock .*pid \d+/);
    expect((await first.exited).code).toBe(0);
    expect((await waiting.exited).code, waiting.stderr()).toBe(0);
    expect(waiting.stderr()).toMatch(/usage-delta summary/);
    expect((await readDocuments(out)).length).toBeGreaterThan(0);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("a lock left by a process that no longer exists is taken over", async () => {
    const out = join(dir, "dead.ndjson");
    await writeFile(`${out}.lock`, JSON.stringify({ host: hostname(), pid: deadPid(), since: "2026-01-01T00:00:00.000Z" }));
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]);
    expect(run.status, run.stderr).toBe(0);
    expect((await readDocuments(out)).length).toBeGreaterThan(0);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("a lock of another host is never judged from here: exit 16", async () => {
    const out = join(dir, "other-host.ndjson");
    const lock = JSON.stringify({ host: "another-host.example", pid: deadPid(), since: "2026-01-01T00:00:00.000Z" });
    await writeFile(`${out}.lock`, lock);
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]);
    expect(run.status).toBe(16);
    expect(run.stderr).toMatch(/host another-host\.example, pid \d+, since 2026-01-01T00:00:00\.000Z/);
    expect(await readFile(`${out}.lock`, "utf8")).toBe(lock);
    expect(existsSync(out)).toBe(false);
  });

  it("the lock is released on a timeout and on Ctrl-C", async () => {
    const out = join(dir, "released.ndjson");
    const timedOut = runCli(["aggregate", "--input", dir, "--out", out, ...slowArgs, "--timeout", "1"], { env: SLOW });
    expect(timedOut.status, timedOut.stderr).toBe(75);
    expect(existsSync(`${out}.lock`)).toBe(false);
    const interrupted = spawnCli(["aggregate", "--input", dir, "--out", out, ...slowArgs], { env: SLOW });
    await interrupted.waitFor(/plan: backend/);
    expect(existsSync(`${out}.lock`)).toBe(true);
    interrupted.child.kill("SIGINT");
    expect((await interrupted.exited).code).toBe(130);
    expect(existsSync(`${out}.lock`)).toBe(false);
    const record = JSON.parse(await readFile(`${out}.last-run.json`, "utf8")) as { outcome: string; exit_code: number };
    expect(record).toMatchObject({ outcome: "interrupted", exit_code: 130 });
  });
});
