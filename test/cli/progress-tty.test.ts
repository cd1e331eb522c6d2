// What a person sees on a terminal: the real CLI run in a pseudo-terminal (`script` from
// util-linux), its stderr captured. Progress for every phase (metadata, the tallying
// scan with %, each day window as `window i/n`, grouping, writing), logs as short lines
// instead of JSON, --explain notes once; `generate` shows progress too. Off a terminal:
// no progress, JSON logs.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { CLI, runCli, TEST_ENV } from "../support/run-cli.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;

/** The CLI in a pseudo-terminal: what it wrote, with each redraw (`\r`) on a line of its own. */
function inTerminal(args: string[]): string {
  const quoted = [process.execPath, CLI, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
  const output = execFileSync("script", ["-qfec", quoted, "/dev/null"], { encoding: "utf8", timeout: 120_000, env: { ...process.env, ...TEST_ENV } });
  return output
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== "")
    .join("\n");
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-tty-"));
  await generateDataset({ outDir: dir, events: 3000, seed: 31, days: 5, communities: 2 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasScript)("on a terminal", () => {
  it("aggregate in day windows: every phase, `window i/n`, readable logs, the summary", () => {
    const shown = inTerminal(["aggregate", "--input", dir, "--out", join(dir, "windows.ndjson"), "--max-memory", "1M", "--threads", "1"]);
    expect(shown).toMatch(/^metadata: [\d,]+ records, [\d,]+ membership events read/m);
    expect(shown).toMatch(/^tallying scan \[[#.]+\]\s+\d+%/m);
    for (let window = 1; window <= 5; window++)
      expect(shown).toMatch(new RegExp(`^window ${window}/5 \\(2025-01-0${window}\\) (reading \\[[#.]+\\]\\s+\\d+%|grouping [\\d,]+ events)`, "m"));
    expect(shown).toMatch(/^window 3\/5 \(2025-01-03\) grouping [\d,]+ events/m);
    expect(shown).toMatch(/^writing documents/m);
    expect(shown).toMatch(/^\d\d:\d\d:\d\d INFO  aggregation started/m);
    expect(shown).not.toMatch(/"level":/);
    expect(shown).toMatch(/usage-delta summary/);
  });

  it("--explain notes appear once; --log-format json keeps JSON logs on a terminal", () => {
    const explained = inTerminal(["aggregate", "--input", dir, "--out", join(dir, "explain.ndjson"), "--explain"]);
    expect(explained.match(/plan: backend memory/g)).toHaveLength(1);
    expect(explained).not.toMatch(/note=backend/);
    const json = inTerminal(["aggregate", "--input", dir, "--out", join(dir, "json.ndjson"), "--log-format", "json"]);
    expect(json).toMatch(/^\{"level":30,.*"msg":"aggregation started"/m);
  });

  it("generate shows how many events of how many", () => {
    const shown = inTerminal(["generate", "--out", join(dir, "generated"), "--events", "20000"]);
    expect(shown).toMatch(/^generating events \[[#.]+\]\s+\d+%\s+[\d,]+ of 20,000/m);
    expect(shown).toMatch(/^generated /m);
  });
});

describe("off a terminal", () => {
  it("no progress line, JSON logs", () => {
    const run = runCli(["aggregate", "--input", dir, "--out", join(dir, "pipe.ndjson"), "--max-memory", "1M"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/window \d+\/\d+|tallying scan|\r/);
    expect(run.stderr).toMatch(/^\{"level":30,.*"msg":"aggregation started"/m);
  });
});
