// The atomic line writer (src/sinks/output-file.ts): its temporary file (created
// exclusively), the ones a killed run left behind, symlinks and devices given as the output.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLineWriter } from "../../src/sinks/output-file.js";
import { deviceNode } from "../support/device-node.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-writer-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (as a SIGKILLed run's would be). */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("could not start a child process");
  return child.pid;
}

describe("line writer", () => {
  it("writes under a temporary name and renames it into place on close", async () => {
    const out = join(dir, "documents.ndjson");
    const writer = await openLineWriter(out);
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
    const writer = await openLineWriter(out);
    await writer.close();
    expect((await readdir(dir)).sort()).toEqual(["documents.ndjson", ...kept].sort());
  });

  it("abort leaves neither the output nor its temporary", async () => {
    const writer = await openLineWriter(join(dir, "documents.ndjson"));
    await writer.write("x");
    await writer.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it("never follows a file or symlink planted under its temporary name: exit 73's error, the target untouched", async () => {
    const out = join(dir, "documents.ndjson");
    await writeFile(join(dir, "victim"), "keep");
    await symlink("victim", `${out}.${hostname()}-${process.pid}.tmp`);
    await expect(openLineWriter(out)).rejects.toMatchObject({ exitCode: 73, message: expect.stringContaining(out) });
    expect(await readFile(join(dir, "victim"), "utf8")).toBe("keep");
    expect(existsSync(out)).toBe(false);
  });

  it("a symlink given as the output stays a symlink: its target is replaced, atomically beside it", async () => {
    const target = join(dir, "target.ndjson");
    await writeFile(target, "old\n");
    await symlink("target.ndjson", join(dir, "link.ndjson"));
    const writer = await openLineWriter(join(dir, "link.ndjson"));
    await writer.write("new");
    await writer.close();
    expect(await readlink(join(dir, "link.ndjson"))).toBe("target.ndjson");
    expect(await readFile(target, "utf8")).toBe("new\n");
    expect((await readdir(dir)).sort()).toEqual(["link.ndjson", "target.ndjson"]);
  });

  it("a dangling symlink: the file is created where it points", async () => {
    await symlink("made.ndjson", join(dir, "link.ndjson"));
    const writer = await openLineWriter(join(dir, "link.ndjson"));
    await writer.write("x");
    await writer.close();
    expect((await lstat(join(dir, "link.ndjson"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "made.ndjson"), "utf8")).toBe("x\n");
  });

  it("a device is written through, never replaced by a file", async () => {
    const device = deviceNode(dir, "null");
    const writer = await openLineWriter(device);
    await writer.write("x");
    await writer.close();
    expect((await stat(device)).isCharacterDevice()).toBe(true);
  });

  it("a write that fails part way removes the temporary file and names the path (exit 74)", async () => {
    // /dev/full answers every write with ENOSPC: a full disk, through the stream path.
    const device = deviceNode(dir, "full");
    const writer = await openLineWriter(device);
    await expect(
      (async () => {
        await writer.write("x".repeat(1 << 17));
        await writer.close();
      })(),
    ).rejects.toMatchObject({ exitCode: 74, message: `cannot write the output ${device}: no space left on device` });
    expect((await stat(device)).isCharacterDevice()).toBe(true);
  });
});
