// `usage-delta demo`: a new private folder for every run (never a fixed name in the shared
// temp dir), the planner's choice as `aggregate` would make it, and an account on stdout
// of where the documents are and what to try next.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDocuments } from "../support/documents-file.js";
import { runCli } from "../support/run-cli.js";

// The demo's temp dir is os.tmpdir(), which follows TMPDIR: a folder of this test's own.
const temp = mkdtempSync(join(tmpdir(), "usage-delta-demo-test-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function demo(): { status: number | null; stdout: string; stderr: string; dir: string } {
  const run = runCli(["demo", "--events", "3000", "--threads", "2"], { env: { TMPDIR: temp, npm_lifecycle_event: "" } });
  const dir = /The documents are in (.+)\/documents\.ndjson /.exec(run.stdout)?.[1] ?? "";
  return { ...run, dir };
}

describe("usage-delta demo without --dir", () => {
  it("works in a new private folder even when a fixed-name one is in the way", async () => {
    // What another user's run left: the names the demo used to take (as a file, not even a folder).
    writeFileSync(join(temp, "usage-delta-demo-3000"), "not yours\n");
    mkdirSync(join(temp, "usage-delta-demo-100000"), { mode: 0o500 });

    const first = demo();
    expect(first.status, first.stderr).toBe(0);
    expect(first.dir.startsWith(join(temp, "usage-delta-demo-"))).toBe(true);
    expect(statSync(first.dir).mode & 0o777).toBe(0o700);
    expect((await readDocuments(join(first.dir, "documents.ndjson"))).length).toBe(270);
    expect(first.stdout).toContain(`The sample itself (views, downloads, records, membership) is in ${first.dir}`);
    expect(first.stdout).toContain(`Try next:\n  head -n 1 ${first.dir}/documents.ndjson\n  usage-delta aggregate --input ${first.dir} `);

    const second = demo();
    expect(second.status, second.stderr).toBe(0);
    expect(second.dir).not.toBe(first.dir);
    expect(readdirSync(temp).filter((name) => name.startsWith("usage-delta-demo-")).length).toBe(4);
  });

  it("runs the backend the planner picks, and says why", () => {
    const run = demo();
    expect(run.status, run.stderr).toBe(0);
    // 3,000 events: the planner's memory backend (a pool costs more to start than it saves).
    expect(run.stdout).toMatch(
      /How it ran \(the planner's choices, as `aggregate --explain` prints them\):\n  backend memory: about [\d,]+ events, fewer than the 150,000 /,
    );
    expect(run.stderr).toMatch(/backend +memory \(1 thread/);
  });
});
