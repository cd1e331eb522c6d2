// Input paths that are not input files (issue 12, item 12 and "the same file given twice"):
// each stops the real CLI before any work with one line naming the path.

import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-inputs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const VIEW = `${JSON.stringify({ timestamp: "2025-03-01T10:00:00", recid: "r1", visitor_id: "v1" })}\n`;

function expectOneLine(stderr: string, ...parts: string[]): void {
  expect(stderr.trim().split("\n")).toHaveLength(1);
  for (const part of parts) expect(stderr).toContain(part);
  expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe("input paths", () => {
  it("a directory given as an event file is named, exit 65", () => {
    const run = runCli(["aggregate", "--views", dir, "--out", join(dir, "o.ndjson")]);
    expect(run.status).toBe(65);
    expectOneLine(run.stderr, `a directory, not a file: ${dir}`);
  });

  it("a directory where the dataset directory's views.ndjson should be is named, exit 65", async () => {
    await mkdir(join(dir, "views.ndjson"));
    const run = runCli(["aggregate", "--input", dir, "--out", join(dir, "o.ndjson")]);
    expect(run.status).toBe(65);
    expectOneLine(run.stderr, `a directory, not a file: ${join(dir, "views.ndjson")}`);
  });

  it("a directory given as the records file is named, exit 65", async () => {
    await writeFile(join(dir, "v.ndjson"), VIEW);
    const run = runCli(["aggregate", "--views", join(dir, "v.ndjson"), "--records", dir, "--out", join(dir, "o.ndjson")]);
    expect(run.status).toBe(65);
    expectOneLine(run.stderr, `a directory, not a file: ${dir}`);
  });

  it("--input FILE says not a directory; a missing one, no such directory", async () => {
    await writeFile(join(dir, "v.ndjson"), VIEW);
    const file = runCli(["aggregate", "--input", join(dir, "v.ndjson")]);
    expect(file.status).toBe(65);
    expectOneLine(file.stderr, `--input: not a directory: ${join(dir, "v.ndjson")}`);
    const missing = runCli(["aggregate", "--input", join(dir, "nothing")]);
    expect(missing.status).toBe(65);
    expectOneLine(missing.stderr, `--input: no such directory: ${join(dir, "nothing")}`);
  });

  it("the same event file given twice is refused, exit 2, also by another path (symlink)", async () => {
    const views = join(dir, "v.ndjson");
    await writeFile(views, VIEW);
    const twice = runCli(["aggregate", "--views", views, views, "--out", join(dir, "o.ndjson")]);
    expect(twice.status).toBe(2);
    expectOneLine(twice.stderr, `the same file is given twice: ${views}`);
    await symlink(views, join(dir, "link.ndjson"));
    const linked = runCli(["aggregate", "--views", views, "--downloads", join(dir, "link.ndjson"), "--out", join(dir, "o.ndjson")]);
    expect(linked.status).toBe(2);
    expectOneLine(linked.stderr, `the same file is given twice: ${views} and ${join(dir, "link.ndjson")}`);
  });

  it("two different files are read as before", async () => {
    await writeFile(join(dir, "a.ndjson"), VIEW);
    await writeFile(join(dir, "b.ndjson"), VIEW);
    const run = runCli(["aggregate", "--views", join(dir, "a.ndjson"), join(dir, "b.ndjson"), "--out", join(dir, "o.ndjson"), "--log-level", "warn"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/views\s+2/);
  });
});
