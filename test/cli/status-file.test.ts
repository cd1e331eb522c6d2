// `usage-delta status` on the file sink (the built CLI): after a run, every community
// complete up to its bookmark, the last run and a free lock; a day taken out of the
// output shows as a gap; a lock is named, and a dead holder's as gone.

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatusReport } from "../../src/cli/status-report.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
let out: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-status-"));
  await generateDataset({ outDir: dir, events: 2000, seed: 21, start: "2025-02-01", days: 6, communities: 2 });
  out = join(dir, "out.ndjson");
  expect(runCli(["aggregate", "--input", dir, "--out", out, "--end", "2025-02-06", "--log-level", "warn"]).status).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function status(): StatusReport {
  const run = runCli(["status", "--out", out, "--json"]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as StatusReport;
}

describe("status --out FILE", () => {
  it("after a run: complete up to the bookmarks, the last run ok, the lock free", () => {
    const report = status();
    expect(report.complete).toBe(true);
    expect(report.communities.length).toBeGreaterThan(1);
    for (const c of report.communities)
      expect(c).toMatchObject({ bookmark: "2025-02-06", documents: 6, first_day: "2025-02-01", missing_days: 0, complete: true });
    expect(report.last_run).toMatchObject({ outcome: "ok", exit_code: 0 });
    expect(report.last_run?.documents).toBe(report.communities.length * 6);
    expect(report.lock.holder).toBeNull();
    const human = runCli(["status", "--out", out]);
    expect(human.stdout).toMatch(/complete\s+yes, every community up to its bookmark/);
    expect(human.stdout).toMatch(/last run\s+ok \(exit 0\)/);
  });

  it("a day missing from the output is a gap: not complete, the day named", async () => {
    const lines = (await readFile(out, "utf8")).trim().split("\n");
    const kept = lines.filter((line) => !(line.startsWith('{"community_id":"global"') && line.includes('"period_start":"2025-02-03')));
    expect(kept.length).toBe(lines.length - 1);
    await writeFile(out, `${kept.join("\n")}\n`);
    const report = status();
    expect(report.complete).toBe(false);
    expect(report.communities.find((c) => c.community === "global")).toMatchObject({
      documents: 5,
      missing_days: 1,
      first_missing_day: "2025-02-03",
      complete: false,
    });
    expect(report.communities.filter((c) => c.complete).length).toBe(report.communities.length - 1);
    expect(runCli(["status", "--out", out]).stdout).toMatch(/global\s+2025-02-06\s+5\s+2025-02-01\s+1 day missing from 2025-02-03/);
  });

  it("names the lock's holder; a holder that no longer exists is shown as gone", async () => {
    await writeFile(`${out}.lock`, JSON.stringify({ host: hostname(), pid: process.pid, since: "2026-01-01T00:00:00.000Z" }));
    expect(status().lock).toMatchObject({ holder: { host: hostname(), pid: process.pid }, stale: false });
    const dead = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    await writeFile(`${out}.lock`, JSON.stringify({ host: hostname(), pid: dead, since: "2026-01-01T00:00:00.000Z" }));
    expect(status().lock).toMatchObject({ holder: { pid: dead }, stale: true });
    expect(runCli(["status", "--out", out]).stdout).toMatch(/held by host .*gone: the next run takes it over/);
    await rm(`${out}.lock`);
  });

  it("an output not written yet: nothing recorded, not an error; no --out: a usage error", () => {
    const run = runCli(["status", "--out", join(dir, "never.ndjson"), "--json"]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ communities: [], last_run: null, lock: { holder: null } });
    expect(runCli(["status"]).status).toBe(2);
  });
});
