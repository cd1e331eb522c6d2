// Outputs that are not regular files, through the real CLI: a pipe, a FIFO, a device,
// stdout closed by its reader, a symlink. Streams are written straight through (never
// replaced by a file, no bookmarks beside them); a symlink stays a symlink.

import { spawnSync } from "node:child_process";
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/generate/generate-dataset.js";
import { deviceNode } from "../support/device-node.js";
import { CLI, runCli } from "../support/run-cli.js";
import { spawnCli } from "../support/spawn-cli.js";

let data: string;
let dir: string;
beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "usage-delta-streams-data-"));
  await generateDataset({ outDir: data, events: 3000, seed: 13, days: 20, communities: 3 });
});
afterAll(async () => {
  await rm(data, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-streams-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// runCli's guard as tsc compiled it (the bundle keeps no module of that name).
const RUN_CLI_MODULE = join(import.meta.dirname, "..", "..", "dist", "src", "cli", "run-cli.js");
const AGGREGATE = ["aggregate", "--input", "DATA", "--backend", "memory", "--log-level", "warn"];
const aggregate = (...flags: string[]) => runCli([...AGGREGATE.map((a) => (a === "DATA" ? data : a)), ...flags], { cwd: dir });

/** A bash pipeline around the CLI; prints the CLI's exit status last on stdout. */
function bash(script: string): { stdout: string; stderr: string; cliStatus: number } {
  const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${AGGREGATE.map((a) => (a === "DATA" ? JSON.stringify(data) : a)).join(" ")}`;
  const run = spawnSync("bash", ["-c", `set -u; ${script.replace("CLI", cli)}; echo "status=\${PIPESTATUS[0]}"`], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
  });
  const status = /status=(\d+)\s*$/.exec(run.stdout);
  if (status === null) throw new Error(`no status: ${run.stdout} ${run.stderr}`);
  return { stdout: run.stdout.slice(0, status.index), stderr: run.stderr, cliStatus: Number(status[1]) };
}

/** The documents of a run into a regular file. */
let total: number;
beforeAll(async () => {
  const out = join(data, "all", "documents.ndjson");
  await mkdir(join(data, "all"));
  const run = runCli(["aggregate", "--input", data, "--backend", "memory", "--log-level", "warn", "--out", out]);
  expect(run.status, run.stderr).toBe(0);
  total = (await readFile(out, "utf8")).split("\n").filter((l) => l !== "").length;
});
const documentCount = () => total;

describe("stream outputs", () => {
  it("--out - | head -3: the reader's choice; the summary on stderr says so, exit 141, no error line", () => {
    const total = documentCount();
    const run = bash("CLI --out - 2>err.txt | head -3");
    expect(run.stdout.split("\n").filter((l) => l !== "")).toHaveLength(3);
    expect(run.cliStatus).toBe(141);
    const stderr = spawnSync("cat", [join(dir, "err.txt")], { encoding: "utf8" }).stdout;
    expect(stderr).toContain("usage-delta summary");
    expect(stderr).toMatch(new RegExp(`stdout was closed by its reader after \\d+ of ${total} documents`));
    expect(stderr).not.toMatch(/usage-delta: |EPIPE|internal error/);
  });

  it("--out >(wc -l): written through the pipe, every document, exit 0, nothing beside it", async () => {
    const total = documentCount();
    const run = bash("CLI --out >(wc -l > count.txt) 2>err.txt; wait $!");
    expect(run.cliStatus, await readFile(join(dir, "err.txt"), "utf8")).toBe(0);
    await expect.poll(async () => (await readFile(join(dir, "count.txt"), "utf8").catch(() => "")).trim()).toBe(String(total));
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp") || name.includes("bookmarks"))).toEqual([]);
  });

  it("a FIFO given as --out is written through, not replaced", async () => {
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const run = bash(`cat fifo > copy.ndjson & CLI --out fifo 2>err.txt; wait`);
    expect(run.cliStatus).toBe(0);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect((await readFile(join(dir, "copy.ndjson"), "utf8")).split("\n").filter((l) => l !== "")).toHaveLength(documentCount());
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp") || name.includes("bookmarks"))).toEqual([]);
  });

  it("a FIFO with no reader: the run says it waits, and Ctrl-C stops the wait (exit 130, the FIFO stays)", async () => {
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const cli = spawnCli([...AGGREGATE.map((a) => (a === "DATA" ? data : a)), "--out", fifo]);
    await cli.waitFor(/waiting for a reader of the FIFO/);
    cli.child.kill("SIGINT");
    const { code } = await cli.exited;
    expect(code, cli.stderr()).toBe(130);
    expect(cli.stderr()).toMatch(/NOT DONE\s+interrupted/);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(["fifo"]);
  });

  it("--out /dev/null: written through, the device stays a device, no bookmarks beside it", async () => {
    const devices = join(dir, "dev");
    await mkdir(devices);
    const device = deviceNode(devices, "null");
    const run = aggregate("--out", device);
    expect(run.status, run.stderr).toBe(0);
    expect((await stat(device)).isCharacterDevice()).toBe(true);
    expect(run.stderr).not.toContain("bookmarks");
    expect(await readdir(dirname(device))).not.toContain("null.bookmarks.json");
  });

  it("--out /dev/full: a write error naming the device (exit 74); the device is not replaced", async () => {
    const devices = join(dir, "dev");
    await mkdir(devices);
    const device = deviceNode(devices, "full");
    const run = aggregate("--out", device);
    expect(run.status, run.stderr).toBe(74);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe(`usage-delta: cannot write the output ${device}: no space left on device`);
    expect((await stat(device)).isCharacterDevice()).toBe(true);
    expect((await readdir(dirname(device))).filter((name) => name.startsWith("full."))).toEqual([]);
  });

  it("--since-bookmark refuses a stream output (it keeps no bookmarks)", () => {
    const run = aggregate("--out", deviceNode(dir, "null"), "--since-bookmark");
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: 2,
      stderr: "usage-delta: --since-bookmark needs --out FILE, a regular file (its bookmarks live next to it)\n",
    });
  });
});

describe("a symlink given as --out", () => {
  it("stays a symlink: its target gets the documents, atomically beside it", async () => {
    await writeFile(join(dir, "target.ndjson"), "old\n");
    await symlink("target.ndjson", join(dir, "link.ndjson"));
    const run = aggregate("--out", "link.ndjson");
    expect(run.status, run.stderr).toBe(0);
    expect((await lstat(join(dir, "link.ndjson"))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(dir, "link.ndjson"))).toBe("target.ndjson");
    expect((await readFile(join(dir, "target.ndjson"), "utf8")).split("\n").filter((l) => l !== "")).toHaveLength(documentCount());
    expect((await readdir(dir)).sort()).toEqual(["link.ndjson", "link.ndjson.bookmarks.json", "link.ndjson.last-run.json", "target.ndjson"]);
  });
});

describe("no silent exit 13", () => {
  it("a run whose work never settles says so in one line and exits 1", () => {
    // The guard in runCli, for a bug of the kind that gave exit 13 (a wait on an event that had already fired).
    const runCliModule = RUN_CLI_MODULE;
    const script = `const { runCli } = await import(${JSON.stringify(runCliModule)}); await runCli(() => new Promise(() => {}));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect({ status: run.status, stderr: run.stderr }).toEqual({
      status: 1,
      stderr: "usage-delta: internal error: the run stopped before it finished, with nothing left to wait for\n",
    });
  });

  it("an error thrown where nothing awaits it ends in one line and exit 1, not a stack trace", () => {
    const runCliModule = RUN_CLI_MODULE;
    const script = `const { runCli } = await import(${JSON.stringify(runCliModule)}); await runCli(async () => { setTimeout(() => { throw new Error("stray"); }, 10); await new Promise((r) => setTimeout(r, 5000)); });`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: "usage-delta: internal error: stray\n" });
  });
});

describe("text that is not documents on a closed stdout", () => {
  it("--help into a reader that has gone: exit 141 as a pipe's writer, no error line", async () => {
    // The reader closes its end at once; the CLI takes ~100 ms to start, so its help always meets a closed pipe.
    const run = bash(`CLI --help 2>err.txt | (exec 0<&-; sleep 1)`);
    expect(run.cliStatus).toBe(141);
    expect(await readFile(join(dir, "err.txt"), "utf8")).toBe("");
  });
});

describe("a closed stderr", () => {
  it("does not stop the run: the output is written, exit 0", async () => {
    const run = bash(`CLI --out o.ndjson --log-level info --explain 2>&1 | head -1 > /dev/null`);
    expect(run.cliStatus).toBe(0);
    expect((await readFile(join(dir, "o.ndjson"), "utf8")).split("\n").filter((l) => l !== "")).toHaveLength(total);
  });
});
