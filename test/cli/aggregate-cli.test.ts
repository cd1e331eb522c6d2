// The aggregate command end to end: the built binary on small fixtures.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UsageDeltaDocument } from "../../src/model/document.js";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const view = (fields: Record<string, unknown>) => JSON.stringify({ timestamp: "2025-03-01T10:00:00", recid: "r1", visitor_id: "v1", ...fields });

async function fixture(views: string[], downloads: string[] = []): Promise<void> {
  await writeFile(join(dir, "views.ndjson"), views.map((l) => `${l}\n`).join(""));
  await writeFile(join(dir, "downloads.ndjson"), downloads.map((l) => `${l}\n`).join(""));
  await writeFile(join(dir, "records.ndjson"), `${JSON.stringify({ id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } } })}\n`);
}

async function documents(path: string): Promise<UsageDeltaDocument[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as UsageDeltaDocument);
}

describe("usage-delta aggregate", () => {
  it("skips bad lines into the rejects file, naming file, line and reason", async () => {
    await fixture([view({}), "not json", view({ recid: "" }), view({ timestamp: "yesterday" })], [view({ size: -3 })]);
    const out = join(dir, "out.ndjson");
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]);
    expect(run.status).toBe(0);
    const rejects = (await readFile(`${out}.rejects.ndjson`, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.source.endsWith("views.ndjson") ? "views" : "downloads", r.line, r.reason])).toEqual([
      ["views", 2, "invalid JSON"],
      ["views", 3, "missing recid"],
      ["views", 4, "invalid timestamp"],
      ["downloads", 1, "invalid size"],
    ]);
    expect(rejects[0].raw).toBe("not json");
    expect(run.stderr).toMatch(/rejected\s+4/);
    const docs = await documents(out);
    expect(docs.map((d) => d.community_id)).toEqual(["c1", "global"]);
    expect(docs[1].totals.view.total_events).toBe(1);
  });

  it("--on-invalid fail stops with a one-line message naming the file and line", async () => {
    await fixture([view({}), view({}), "{broken"]);
    const out = join(dir, "out.ndjson");
    // (--log-level error: the fixture has no membership file, which is warned about)
    const run = runCli(["aggregate", "--input", dir, "--out", out, "--on-invalid", "fail", "--chunk-size", "1", "--log-level", "error"]);
    expect(run.status).toBe(65);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(join(dir, "views.ndjson"));
    expect(run.stderr).toContain("line 3");
    expect(run.stderr).toContain("invalid JSON");
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    expect(existsSync(out)).toBe(false); // no half-written output
  });

  it("an empty input gives no documents; with a range, zero documents for every day", async () => {
    await fixture([]);
    const out = join(dir, "out.ndjson");
    expect(runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]).status).toBe(0);
    expect(await documents(out)).toEqual([]);
    const ranged = runCli(["aggregate", "--input", dir, "--out", out, "--start", "2025-03-01", "--end", "2025-03-02", "--log-level", "warn"]);
    expect(ranged.status).toBe(0);
    const docs = await documents(out);
    expect(docs.map((d) => `${d.community_id} ${d.period_start}`)).toEqual([
      "c1 2025-03-01T00:00:00",
      "c1 2025-03-02T00:00:00",
      "global 2025-03-01T00:00:00",
      "global 2025-03-02T00:00:00",
    ]);
    for (const d of docs) expect(d.totals.view.total_events + d.totals.download.total_events).toBe(0);
  });

  it("a range with no events writes zero documents", async () => {
    await fixture([view({})]);
    const out = join(dir, "out.ndjson");
    expect(runCli(["aggregate", "--input", dir, "--out", out, "--start", "2024-01-01", "--end", "2024-01-01", "--log-level", "warn"]).status).toBe(0);
    const docs = await documents(out);
    expect(docs).toHaveLength(2);
    expect(docs[1].totals.view).toEqual({ total_events: 0, unique_visitors: 0, unique_records: 0, unique_parents: 0 });
    expect(Object.values(docs[1].subcounts).every((items) => items.length === 0)).toBe(true);
    expect(Object.keys(docs[1].subcounts)).toHaveLength(10);
  });

  it("robots are dropped unless --include-robots", async () => {
    await fixture([view({}), view({ is_robot: true, visitor_id: "bot" })]);
    const out = join(dir, "out.ndjson");
    runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn"]);
    expect((await documents(out))[1].totals.view.unique_visitors).toBe(1);
    runCli(["aggregate", "--input", dir, "--out", out, "--include-robots", "--log-level", "warn"]);
    expect((await documents(out))[1].totals.view.unique_visitors).toBe(2);
  });

  it("reads .gz files and writes to stdout with --out -", async () => {
    await writeFile(join(dir, "views.ndjson.gz"), gzipSync(`${view({})}\n${view({ visitor_id: "v2" })}\n`));
    const run = runCli(["aggregate", "--input", dir, "--out", "-", "--backend", "memory", "--log-level", "warn"]);
    expect(run.status).toBe(0);
    const docs = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as UsageDeltaDocument);
    expect(docs.map((d) => d.community_id)).toEqual(["global"]);
    expect(docs[0].totals.view.unique_visitors).toBe(2);
  });

  it("bad flags and missing files give a clear message and a usage or input exit code", async () => {
    const threads = runCli(["aggregate", "--input", dir, "--threads", "0"]);
    expect(threads.status).toBe(2);
    expect(threads.stderr).toContain("--threads");
    const missing = runCli(["aggregate", "--views", join(dir, "nope.ndjson"), "--log-level", "warn"]);
    expect(missing.status).toBe(65);
    expect(missing.stderr).toContain("no such file");
    const noEvents = runCli(["aggregate", "--input", dir]);
    expect(noEvents.status).toBe(2);
    expect(noEvents.stderr).toContain("no events to read");
  });
});

describe("usage-delta demo", () => {
  it("generates a sample, aggregates it and prints a readable account", async () => {
    const run = runCli(["demo", "--events", "3000", "--dir", dir, "--threads", "2"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Busiest day for the whole repository");
    expect(run.stderr).toContain("usage-delta summary");
    expect((await documents(join(dir, "documents.ndjson"))).length).toBeGreaterThan(0);
  });
});
