// The file sink's lock across processes: of several processes finding a dead holder's
// lock at once, exactly one takes it over; a lock released is gone; a lock file whose
// run died before writing it (empty, old) is taken over.

import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileLockSlot } from "../../src/sinks/output-lock-file.js";

const LOCK_MODULE = join(import.meta.dirname, "..", "..", "dist", "src", "sinks", "output-lock-file.js");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-file-lock-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deadPid = () => Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);

/** A process that tries the lock once, says `held` or `busy`, and holds it a moment. */
async function contender(out: string): Promise<string> {
  const script = `const { fileLockSlot } = await import(${JSON.stringify(LOCK_MODULE)});
const answer = await fileLockSlot(${JSON.stringify(out)}).tryAcquire();
process.stdout.write("release" in answer ? "held" : "busy");
await new Promise((resolve) => setTimeout(resolve, 1500));
if ("release" in answer) await answer.release();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let said = "";
  child.stdout.on("data", (data: Buffer) => {
    said += data.toString();
  });
  await once(child, "exit");
  return said;
}

describe("the file lock", () => {
  it("of four processes finding a dead holder's lock, exactly one takes it over", async () => {
    const out = join(dir, "race.ndjson");
    await writeFile(`${out}.lock`, JSON.stringify({ host: hostname(), pid: deadPid(), since: "2026-01-01T00:00:00.000Z" }));
    const answers = await Promise.all([1, 2, 3, 4].map(() => contender(out)));
    expect(answers.sort()).toEqual(["busy", "busy", "busy", "held"]);
    expect(existsSync(`${out}.lock`)).toBe(false);
    expect(existsSync(`${out}.lock.takeover`)).toBe(false);
  });

  it("an empty lock file: being written while young, taken over once old", async () => {
    const out = join(dir, "empty.ndjson");
    await writeFile(`${out}.lock`, "");
    expect("release" in (await fileLockSlot(out).tryAcquire())).toBe(false);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${out}.lock`, old, old);
    const lock = await fileLockSlot(out).tryAcquire();
    expect("release" in lock).toBe(true);
    if ("release" in lock) await lock.release();
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});
