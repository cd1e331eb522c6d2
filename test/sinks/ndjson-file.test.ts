// The atomic line writer (src/sinks/ndjson-file.ts): its temporary file, and the ones a
// killed run left behind.

import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLineWriter } from "../../src/sinks/ndjson-file.js";

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), "usage-delta-writer-")); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

/** The pid of a process that has exited (as a SIGKILLed run's would be). */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("could not start a child process");
  return child.pid;
}

describe("line writer", () => {
  it("writes under a temporary name and renames it into place on close", async () => {
    const out = join(dir, "documents.ndjson");
    const writer = openLineWriter(out);
    const line = `{"a":"${"x".repeat(1 << 17)}"}`; // past the write buffer: reaches the file
    await writer.write(line);
    await expect.poll(() => readdir(dir)).toEqual([`documents.ndjson.${hostname()}-${process.pid}.tmp`]);
    await writer.close();
    expect(await readdir(dir)).toEqual(["documents.ndjson"]);
    expect(await readFile(out, "utf8")).toBe(`${line}\n`);
  });

  it("removes this output's temporaries of exited processes on this host, and nothing else", async () => {
    const out = join(dir, "documents.ndjson");
    const dead = exitedPid();
    const stale = `documents.ndjson.${hostname()}-${dead}.tmp`;
    const kept = [
      `documents.ndjson.${hostname()}-${process.ppid}.tmp`, // a live writer
      `documents.ndjson.elsewhere-${dead}.tmp`, // another host's: its processes are not ours to judge
      `other.ndjson.${hostname()}-${dead}.tmp`, // another output's
      `documents.ndjson.${hostname()}-notapid.tmp`,
    ];
    for (const name of [stale, ...kept]) await writeFile(join(dir, name), "partial");
    const writer = openLineWriter(out);
    await writer.close();
    expect((await readdir(dir)).sort()).toEqual(["documents.ndjson", ...kept].sort());
  });

  it("abort leaves neither the output nor its temporary", async () => {
    const writer = openLineWriter(join(dir, "documents.ndjson"));
    await writer.write("x");
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});
