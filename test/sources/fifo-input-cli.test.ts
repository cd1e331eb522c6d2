// A FIFO as input (issue 12, item 7): read once, in one pass (the memory guard cannot
// start it over in day windows, which would read it again and wait for ever); and while
// the run waits for a writer, SIGTERM still ends it at once, exit 130, one line.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnCli } from "../support/spawn-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "usage-delta-fifo-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) => `${JSON.stringify({ timestamp: `2025-03-0${1 + (i % 3)}T10:00:00`, recid: `r${i % 5}`, visitor_id: `v${i}` })}\n`).join(
    "",
  );

/** Whether a thread of `pid` waits in the kernel for the other end of a FIFO (Linux). */
function waitsForWriter(pid: number): boolean {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return false;
  return readdirSync(tasks).some((tid) => {
    try {
      return readFileSync(`${tasks}/${tid}/wchan`, "utf8") === "wait_for_partner";
    } catch {
      return false;
    }
  });
}

const hasWchan = existsSync("/proc/self/task") && process.platform === "linux";

describe("a FIFO as input", () => {
  it("is read in one pass even when the memory guard would start over in day windows", async () => {
    const fifo = join(dir, "views.fifo");
    execFileSync("mkfifo", [fifo]);
    await writeFile(join(dir, "events.ndjson"), lines(300));
    const writer = spawn("sh", ["-c", `cat "$1" > "$2"`, "sh", join(dir, "events.ndjson"), fifo], { stdio: "ignore" });
    // A budget of 1 MiB (the tests' floor is off): the guard fires after the first chunk.
    const cli = spawnCli([
      "aggregate",
      "--views",
      fifo,
      "--out",
      join(dir, "o.ndjson"),
      "--backend",
      "memory",
      "--max-memory",
      "1M",
      "--chunk-size",
      "10",
      "--explain",
      "--log-level",
      "warn",
    ]);
    const exit = await cli.exited;
    writer.kill();
    expect(exit.code).toBe(0);
    expect(cli.stderr()).toContain(`plan: memory: size unknown, and ${fifo} can be read only once: one pass`);
    expect(cli.stderr()).toContain(`plan: memory guard: RSS over the budget, but ${fifo} can be read only once: going on in one pass`);
    expect(cli.stderr()).toMatch(/counted\s+300/);
  }, 60_000);

  it.skipIf(!hasWchan).each(["views.fifo", "views.ndjson.gz"])(
    "with no writer, SIGTERM ends the run promptly: exit 130, one line, no output (%s)",
    async (name) => {
      const fifo = join(dir, name);
      execFileSync("mkfifo", [fifo]);
      const out = join(dir, "o.ndjson");
      const cli = spawnCli(["aggregate", "--views", fifo, "--out", out, "--log-level", "warn"]);
      for (let waited = 0; !waitsForWriter(cli.child.pid!); waited += 20) {
        if (waited > 30_000) throw new Error(`the CLI never waited for a writer: ${cli.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      cli.child.kill("SIGTERM");
      const exit = await Promise.race([cli.exited, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 10_000))]);
      if (exit === "hung") cli.child.kill("SIGKILL");
      expect(exit).toEqual({ code: 130, signal: null });
      const messages = cli
        .stderr()
        .split("\n")
        .filter((l) => l.startsWith("usage-delta: ") && !l.includes("stopping"));
      expect(messages).toEqual([`usage-delta: interrupted while waiting for a writer to ${fifo}`]);
      expect(cli.stderr()).not.toMatch(/\bat .*\.js:\d+/);
      expect(existsSync(out)).toBe(false);
    },
    60_000,
  );

  it.skipIf(!hasWchan).each(["views.fifo", "views.ndjson.gz"])(
    "with a writer that sends nothing, SIGTERM ends the run promptly: exit 130, one line (%s)",
    async (name) => {
      const fifo = join(dir, name);
      execFileSync("mkfifo", [fifo]);
      const writer = spawn("sh", ["-c", 'exec sleep 60 > "$1"', "sh", fifo], { stdio: "ignore" });
      try {
        const cli = spawnCli(["aggregate", "--views", fifo, "--out", join(dir, "o.ndjson"), "--log-level", "warn"]);
        for (let waited = 0; !hasOpen(cli.child.pid!, fifo); waited += 20) {
          if (waited > 30_000) throw new Error(`the CLI never opened the FIFO: ${cli.stderr()}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        cli.child.kill("SIGTERM");
        const exit = await Promise.race([cli.exited, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 10_000))]);
        if (exit === "hung") cli.child.kill("SIGKILL");
        expect(exit).toEqual({ code: 130, signal: null });
        const messages = cli
          .stderr()
          .split("\n")
          .filter((l) => l.startsWith("usage-delta: ") && !l.includes("stopping"));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(new RegExp(`^usage-delta: interrupted while (reading|waiting for a writer to) ${fifo.replaceAll(".", "\\.")}$`));
      } finally {
        writer.kill();
      }
    },
    60_000,
  );
});

/** Whether process `pid` has `path` open. */
function hasOpen(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
