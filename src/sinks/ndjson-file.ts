// Writes lines to a file atomically (a temporary name, renamed when complete, so no
// half-written output is ever left under the real name) or to stdout (`-`).

import { createWriteStream, readdirSync, rmSync, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { processAlive } from "../model/process-alive.js";
import { once } from "node:events";
import type { Writable } from "node:stream";

export interface LineWriter {
  write(line: string): Promise<void>;
  /** Completes the output (renames the temporary file into place). */
  close(): Promise<void>;
  /** Drops the output (removes the temporary file). */
  abort(): Promise<void>;
}

export function openLineWriter(path: string): LineWriter {
  if (path === "-") return streamWriter(process.stdout, async () => {}, async () => {});
  removeStaleTemporaries(path);
  const temporary = temporaryName(path, process.pid);
  const file: WriteStream = createWriteStream(temporary);
  const finish = async () => {
    file.end();
    await once(file, "close");
  };
  return streamWriter(
    file,
    async () => { await finish(); await rename(temporary, path); },
    async () => { await finish(); await rm(temporary, { force: true }); },
  );
}

function streamWriter(stream: Writable, complete: () => Promise<void>, drop: () => Promise<void>): LineWriter {
  let buffered = "";
  const flush = async () => {
    if (buffered === "") return;
    const ok = stream.write(buffered);
    buffered = "";
    if (!ok) await once(stream, "drain");
  };
  return {
    async write(line) {
      buffered += `${line}\n`;
      if (buffered.length >= 1 << 16) await flush();
    },
    async close() { await flush(); await complete(); },
    async abort() { buffered = ""; await drop(); },
  };
}

// `<out>.<host>-<pid>.tmp`: the host, so that a run only ever judges its own host's
// processes (outputs on shared storage), the pid to tell whether the writer still lives.
function temporaryName(path: string, pid: number): string {
  return `${path}.${hostname()}-${pid}.tmp`;
}

/**
 * A run killed outright (SIGKILL, power loss) cannot remove its temporary file: the
 * next run writing the same output removes those of this host whose process is gone.
 * They never held a complete output, so nothing is lost.
 */
function removeStaleTemporaries(path: string): void {
  const prefix = `${basename(path)}.${hostname()}-`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return; // the directory does not exist yet: nothing stale; opening will say why it fails
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dirname(path), name), { force: true });
  }
}
