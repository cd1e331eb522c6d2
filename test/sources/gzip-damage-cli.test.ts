// Damaged .gz inputs (issue 12, item 11): a cut, corrupt or not-gzip file is invalid
// input, named with how far it got (exit 65 with --on-invalid fail); skipped, its readable
// lines count and the damage is one reject. Concatenated members are one gzip input.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-gzip-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const viewLines = (n: number, day = "2025-03-01") =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify({ timestamp: `${day}T10:00:00`, recid: `r${i % 7}`, visitor_id: `v${i}` })}\n`).join("");

/** A gzip of `text` whose compressed bytes stop well before the end (and whose text does not end at a line break). */
function cutGzip(text: string): Buffer {
  const whole = gzipSync(text, { level: 1 });
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

async function rejectsOf(out: string): Promise<{ source: string; line: number; reason: string; raw: string }[]> {
  return (await readFile(`${out}.rejects.ndjson`, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { source: string; line: number; reason: string; raw: string });
}

function counted(stderr: string): number {
  return Number(/counted\s+([\d,]+)/.exec(stderr)![1].replaceAll(",", ""));
}

describe("damaged .gz inputs", () => {
  it("a cut .gz: its readable lines count, the damage is one reject naming the line it is cut in", async () => {
    const views = join(dir, "views.ndjson.gz");
    await writeFile(views, cutGzip(viewLines(5000)));
    const out = join(dir, "out.ndjson");
    const run = runCli(["aggregate", "--views", views, "--out", out, "--log-level", "warn"]);
    expect(run.status).toBe(0);
    const rejects = await rejectsOf(out);
    expect(rejects).toHaveLength(1);
    expect(rejects[0].source).toBe(views);
    expect(rejects[0].reason).toMatch(/^damaged gzip \(unexpected end of file\) after [\d,]+ compressed bytes/);
    const read = counted(run.stderr);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(5000);
    // The damage is in the line after the last one counted; the readable start of that line is kept.
    expect(rejects[0].line).toBe(read + 1);
    expect(viewLines(5000).split("\n")[read].startsWith(rejects[0].raw)).toBe(true);
    expect(run.stderr).toMatch(new RegExp(`events read\\s+${(read + 1).toLocaleString("en")}`));
    expect(run.stderr).toMatch(/rejected\s+1/);
  });

  it("--on-invalid fail: one line naming the file, the line and how far it got, exit 65, no output", async () => {
    const views = join(dir, "views.ndjson.gz");
    await writeFile(views, cutGzip(viewLines(5000)));
    const out = join(dir, "out.ndjson");
    const run = runCli(["aggregate", "--views", views, "--out", out, "--on-invalid", "fail", "--log-level", "warn"]);
    expect(run.status).toBe(65);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`invalid input in ${views} at line \\d+: damaged gzip \\(unexpected end of file\\) after [\\d,]+ compressed bytes`));
    expect(run.stderr).not.toMatch(/internal error|\bat .*\.js:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it("a corrupt .gz and a file that is not gzip at all are named, exit 65", async () => {
    const corrupt = Buffer.from(gzipSync(viewLines(2000)));
    corrupt[Math.floor(corrupt.length / 2)] ^= 0xff;
    await writeFile(join(dir, "corrupt.ndjson.gz"), corrupt);
    await writeFile(join(dir, "plain.ndjson.gz"), viewLines(3));
    for (const name of ["corrupt.ndjson.gz", "plain.ndjson.gz"]) {
      const run = runCli(["aggregate", "--views", join(dir, name), "--out", join(dir, "out.ndjson"), "--on-invalid", "fail", "--log-level", "warn"]);
      expect(run.status).toBe(65);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(`invalid input in ${join(dir, name)} at line `);
      expect(run.stderr).toMatch(/damaged gzip \((incorrect|invalid|unknown)[^)]*\)/);
    }
  });

  it("a damaged records .gz is a reject of the metadata (or exit 65 with --on-invalid fail)", async () => {
    await writeFile(join(dir, "views.ndjson"), viewLines(3));
    const records = Array.from({ length: 3000 }, (_, i) => `${JSON.stringify({ id: `r${i}`, parent: { id: `p${i}`, communities: { ids: ["c1"] } } })}\n`).join(
      "",
    );
    await writeFile(join(dir, "records.ndjson.gz"), cutGzip(records));
    const out = join(dir, "out.ndjson");
    const skip = runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]);
    expect(skip.status).toBe(0);
    expect((await rejectsOf(out)).map((r) => [r.source, r.reason.slice(0, 13)])).toEqual([[join(dir, "records.ndjson.gz"), "damaged gzip "]]);
    const fail = runCli(["aggregate", "--input", dir, "--out", join(dir, "o2.ndjson"), "--on-invalid", "fail", "--log-level", "warn"]);
    expect(fail.status).toBe(65);
    expect(fail.stderr).toContain(`invalid input in ${join(dir, "records.ndjson.gz")} at line `);
  });

  it("concatenated gzip members (cat a.gz b.gz) are read whole", async () => {
    const views = join(dir, "views.ndjson.gz");
    await writeFile(views, Buffer.concat([gzipSync(viewLines(300, "2025-03-01")), gzipSync(viewLines(200, "2025-03-02"))]));
    const out = join(dir, "out.ndjson");
    const run = runCli(["aggregate", "--views", views, "--out", out, "--log-level", "warn"]);
    expect(run.status).toBe(0);
    expect(counted(run.stderr)).toBe(500);
    expect(run.stderr).toMatch(/range\s+2025-03-01 \.\. 2025-03-02/);
    expect(existsSync(`${out}.rejects.ndjson`)).toBe(false);
  });
});
