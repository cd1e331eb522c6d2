// Warnings where the operator probably made a mistake, on stderr (log and summary) and
// in --json: a --community that appears nowhere, an input directory without records or
// membership, a file both plain and gzipped, a file whose every line is rejected. A
// clean run has none.

import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/job/run-report.js";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-warnings-"));
  await generateDataset({ outDir: join(dir, "full"), events: 1500, seed: 41, days: 4, communities: 2 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function report(args: string[]): { report: RunReport; stderr: string } {
  const run = runCli(["aggregate", ...args, "--json", "--log-level", "warn"]);
  expect(run.status, run.stderr).toBe(0);
  const parsed = JSON.parse(run.stderr.trim().split("\n").at(-1) ?? "") as RunReport;
  // The generator plants events of records it does not write (unknown records); their
  // warning is tested in source-unlisted-record-ids.test.ts. The rest are this file's.
  const planted = parsed.warnings.filter((w) => / name records the records source does not hold/.test(w));
  expect(planted.length).toBeLessThanOrEqual(1);
  return { report: { ...parsed, warnings: parsed.warnings.filter((w) => !planted.includes(w)) }, stderr: run.stderr };
}

describe("warnings", () => {
  it("a clean run has none", () => {
    expect(report(["--input", join(dir, "full"), "--out", join(dir, "clean.ndjson")]).report.warnings).toEqual([]);
  });

  it("a --community that appears nowhere: in the log, the summary and --json", () => {
    const { report: r, stderr } = report(["--input", join(dir, "full"), "--out", join(dir, "typo.ndjson"), "--community", "open-sciense"]);
    expect(r.warnings).toEqual([expect.stringMatching(/^--community open-sciense appears nowhere in the data/)]);
    expect(stderr).toMatch(/"level":40.*--community open-sciense appears nowhere/);
    const human = runCli(["aggregate", "--input", join(dir, "full"), "--out", join(dir, "typo.ndjson"), "--community", "open-sciense", "--log-level", "error"]);
    expect(human.stderr).toMatch(/WARNING\s+--community open-sciense appears nowhere/);
  });

  it("an input directory without records or membership, a file both plain and gzipped, a file all rejected", async () => {
    const bare = join(dir, "bare");
    await mkdir(bare);
    await copyFile(join(dir, "full", "downloads.ndjson"), join(bare, "downloads.ndjson"));
    const garbage = 'not json\n{"also": "not an event"}\n';
    await writeFile(join(bare, "views.ndjson"), garbage);
    await writeFile(join(bare, "views.ndjson.gz"), gzipSync(garbage));
    const { report: r } = report(["--input", bare, "--out", join(dir, "bare.ndjson")]);
    expect(r.warnings).toEqual([
      `${bare} has both views.ndjson and views.ndjson.gz: only views.ndjson is read`,
      expect.stringMatching(new RegExp(`^${bare} has no records\\.ndjson \\(nor --records\\)`)),
      expect.stringMatching(new RegExp(`^${bare} has no membership\\.ndjson \\(nor --membership\\)`)),
      `every line of ${join(bare, "views.ndjson")} was rejected (2 lines): is it the right file?`,
    ]);
  });
});
