// `aggregate --json` and `--summary-file`: the final summary as one JSON document for
// monitoring, in place of the human summary on stderr, and in a file; a run that could
// not start (another holds the lock) reports too.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import type { RunReport } from "../../src/job/run-report.js";
import { readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-json-"));
  await generateDataset({ outDir: dir, events: 2000, seed: 9, days: 5, communities: 2, invalidRate: 0.01 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";

describe("--json", () => {
  it("one JSON line on stderr with the outcome and the counts, no human summary; --summary-file the same", async () => {
    const out = join(dir, "out.ndjson");
    const file = join(dir, "summary.json");
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--json", "--summary-file", file, "--log-level", "warn"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/usage-delta summary/);
    const report = JSON.parse(lastLine(run.stderr)) as RunReport;
    expect(report).toMatchObject({ format: "usage-delta-run/1", outcome: "ok", exit_code: 0, output: out, error: null });
    const documents = await readDocuments(out);
    expect(report.summary?.documents).toBe(documents.length);
    expect(report.summary?.counts.readViews).toBeGreaterThan(0);
    expect(report.summary?.counts.rejected).toBeGreaterThan(0);
    expect(report.summary?.counts.counted).toBeGreaterThan(0);
    expect(Object.keys(report.bookmarks?.moved ?? {})).toContain("global");
    expect(Array.isArray(report.warnings)).toBe(true);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(report);
  });

  it("--summary-file alone keeps the human summary", async () => {
    const file = join(dir, "alone.json");
    const run = runCli(["aggregate", "--input", dir, "--out", join(dir, "alone.ndjson"), "--summary-file", file, "--log-level", "warn"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/usage-delta summary/);
    expect((JSON.parse(await readFile(file, "utf8")) as RunReport).outcome).toBe("ok");
  });

  it("a run that finds the output locked reports outcome locked, exit 16", async () => {
    const out = join(dir, "locked.ndjson");
    await writeFile(`${out}.lock`, JSON.stringify({ host: "another-host.example", pid: 1, since: "2026-01-01T00:00:00.000Z" }));
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--json", "--log-level", "warn"]);
    expect(run.status).toBe(16);
    const report = JSON.parse(run.stderr.trim().split("\n")[0]) as RunReport;
    expect(report).toMatchObject({ outcome: "locked", exit_code: 16, summary: null });
    expect(report.error).toMatch(/another run holds the lock .*another-host\.example/);
  });
});
