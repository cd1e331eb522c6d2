// Outputs that cannot be written, through the real CLI: checked before any input is read
// (one line naming the path, exit 73), or failing part way on a full disk (the summary,
// then one line naming the path, exit 74); never Node's silent exit 13, never a stack
// trace, never a temporary file left, never the old output replaced.

import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { runCli, type CliRun } from "../support/run-cli.js";
import { describeWithTmpfs, mountTmpfs, unmountTmpfs } from "../support/tmpfs.js";

let data: string;
let dir: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "usage-delta-output-data-"));
  // ~100 documents of ~30 KB: a few MiB of output, more than the 1 MiB tmpfs takes.
  await generateDataset({ outDir: data, events: 4000, seed: 12, days: 30, communities: 3 });
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-output-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const aggregate = (...flags: string[]) => runCli(["aggregate", "--input", data, "--backend", "memory", "--log-level", "warn", ...flags]);

/** The run ended with exactly one line on stderr, this one. */
function expectOneLine(run: CliRun, status: number, line: string): void {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status, stderr: `usage-delta: ${line}\n` });
}

/** The run printed its summary, then one error line; no stack trace. */
function expectSummaryThenLine(run: CliRun, status: number, line: string): void {
  expect(run.status, run.stderr).toBe(status);
  expect(run.stderr).toContain("usage-delta summary");
  expect(run.stderr).toMatch(/output\s+not all documents were written/);
  expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(`usage-delta: ${line}`);
  expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe("an output that cannot be created stops the run before it reads its input (exit 73)", () => {
  it("--out in a directory that does not exist", () => {
    const out = join(dir, "nosuchdir", "o.ndjson");
    // A missing input too: the outputs are checked first, before any input is looked at.
    const run = runCli(["aggregate", "--input", join(dir, "no-input"), "--out", out, "--log-level", "warn"]);
    expectOneLine(run, 73, `cannot create the output ${out}: no such directory`);
  });

  it("--out a directory", async () => {
    const run = aggregate("--out", dir);
    expectOneLine(run, 73, `cannot create the output ${dir}: it is a directory`);
    expect(await readdir(dir)).toEqual([]);
  });

  it("--out below a regular file", async () => {
    await writeFile(join(dir, "file"), "");
    const out = join(dir, "file", "o.ndjson");
    expectOneLine(aggregate("--out", out), 73, `cannot create the output ${out}: a part of the path is not a directory`);
  });

  it("--rejects in a directory that does not exist: no temporary file left beside the output", async () => {
    const rejects = join(dir, "nodir", "r.ndjson");
    const run = aggregate("--out", join(dir, "o.ndjson"), "--rejects", rejects);
    expectOneLine(run, 73, `cannot create the rejects file ${rejects}: no such directory`);
    expect(await readdir(dir)).toEqual([]);
  });

  it("the bookmarks beside the output cannot be written", async () => {
    const out = join(dir, "o.ndjson");
    await mkdir(`${out}.bookmarks.json`);
    expectOneLine(aggregate("--out", out), 73, `cannot create the bookmarks ${out}.bookmarks.json: it is a directory`);
    expect(await readdir(dir)).toEqual(["o.ndjson.bookmarks.json"]);
  });
});

describeWithTmpfs("a read-only directory and a full disk (a small tmpfs)", () => {
  let mount: string;
  beforeEach(async () => {
    mount = join(dir, "mnt");
    await mkdir(mount);
  });
  afterEach(() => {
    unmountTmpfs(mount);
  });

  it("--out in a read-only directory: exit 73 before any work", () => {
    mountTmpfs(mount, { readOnly: true });
    const out = join(mount, "o.ndjson");
    expectOneLine(aggregate("--out", out), 73, `cannot create the output ${out}: read-only file system`);
  });

  it("the output on a full disk: summary, one line, exit 74; the old output and bookmarks stay, no temporary file", async () => {
    mountTmpfs(mount, { sizeBytes: 1 << 20 });
    const out = join(mount, "o.ndjson");
    await writeFile(out, "the old output\n");
    await writeFile(`${out}.bookmarks.json`, JSON.stringify({ aggregation_type: "community-usage-delta-agg", bookmarks: { global: "2020-01-01" } }));
    const run = aggregate("--out", out);
    expectSummaryThenLine(run, 74, `cannot write the output ${out}: no space left on device`);
    expect(run.stderr).toMatch(/documents written\s+0 of \d+/);
    // (the run record says what happened: `status` reads it)
    expect((await readdir(mount)).sort()).toEqual(["o.ndjson", "o.ndjson.bookmarks.json", "o.ndjson.last-run.json"]);
    expect(JSON.parse(await readFile(`${out}.last-run.json`, "utf8"))).toMatchObject({ outcome: "failed", exit_code: 74 });
    expect(await readFile(out, "utf8")).toBe("the old output\n");
    expect(JSON.parse(await readFile(`${out}.bookmarks.json`, "utf8"))).toMatchObject({ bookmarks: { global: "2020-01-01" } });
  });

  it("the rejects file on a full disk: one line, exit 74, no temporary file in either directory", async () => {
    mountTmpfs(mount, { sizeBytes: 1 << 20 });
    const input = join(dir, "input");
    await cp(data, input, { recursive: true });
    // 12,000 bad lines: ~2 MiB of rejects.
    await appendFile(join(input, "views.ndjson"), Array.from({ length: 12_000 }, (_, i) => `not json ${i}\n`).join(""));
    const out = join(dir, "o.ndjson");
    const rejects = join(mount, "r.ndjson");
    const run = runCli(["aggregate", "--input", input, "--out", out, "--rejects", rejects, "--backend", "memory", "--log-level", "warn"]);
    expect(run.status, run.stderr).toBe(74);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(`usage-delta: cannot write the rejects file ${rejects}: no space left on device`);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+|ENOSPC/);
    expect(await readdir(mount)).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(["input", "mnt", "o.ndjson.last-run.json"]);
    expect(JSON.parse(await readFile(`${out}.last-run.json`, "utf8"))).toMatchObject({ outcome: "failed", exit_code: 74 });
    expect(existsSync(out)).toBe(false);
  });
});
