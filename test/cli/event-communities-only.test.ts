// --event-communities-only: the dashboard's aggregator's community rule, for operators who
// need continuity with the numbers it wrote (README, switching from the dashboard's aggregator).

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-event-communities-"));
  const line = (value: object) => `${JSON.stringify(value)}\n`;
  await writeFile(
    join(dir, "views.ndjson"),
    line({ timestamp: "2025-06-04T10:00:00", recid: "r1" }) + line({ timestamp: "2025-06-04T11:00:00", recid: "r1", community_ids: ["c1"] }),
  );
  await writeFile(join(dir, "downloads.ndjson"), "");
  await writeFile(join(dir, "records.ndjson"), line({ id: "r1", parent: { id: "p1", communities: { ids: ["c1"] } } }));
  await writeFile(join(dir, "membership.ndjson"), "");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function c1Views(extra: string[]): Promise<number> {
  const out = join(dir, `out-${extra.length}.ndjson`);
  const run = runCli(["aggregate", "--input", dir, "--out", out, "--log-level", "warn", ...extra]);
  expect(run.status, run.stderr).toBe(0);
  const documents = (await readFile(out, "utf8"))
    .trim()
    .split("\n")
    .map((text) => JSON.parse(text) as { community_id: string; totals: { view: { total_events: number } } });
  return documents.find((d) => d.community_id === "c1")!.totals.view.total_events;
}

describe("--event-communities-only", () => {
  it("counts an event without community_ids in global only; by default in its record's communities", async () => {
    expect(await c1Views([])).toBe(2);
    expect(await c1Views(["--event-communities-only"])).toBe(1);
  });
});
