// The temporary files of atomic outputs, `<file>.<host>-<pid>.tmp`: created exclusively
// (O_EXCL: a file or symlink planted under that name is never followed nor truncated),
// removed on every exit this process lives to see, and, when a killed run (SIGKILL, power
// loss) left some behind, removed by the next run writing the same file.

import { readdirSync, rmSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { processAlive } from "../model/process-alive.js";

export interface Temporary {
  path: string;
  handle: FileHandle;
  /** It was renamed into place or removed: no longer this process's to clean up. */
  release(): void;
}

// Temporary files this process holds; whatever ends it (an error, process.exit on a
// second Ctrl-C) removes them, so only SIGKILL can leave one behind.
const held = new Set<string>();
let cleanupInstalled = false;

export async function createTemporary(file: string): Promise<Temporary> {
  removeStaleTemporaries(file);
  const path = temporaryName(file, process.pid);
  // 'wx': O_CREAT | O_EXCL; mode 0666 less the umask, as any new file.
  const handle = await open(path, "wx");
  held.add(path);
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on("exit", () => {
      for (const name of held) rmSync(name, { force: true });
    });
  }
  return {
    path,
    handle,
    release: () => {
      held.delete(path);
    },
  };
}

// The host, so that a run only ever judges its own host's processes (outputs on shared
// storage); the pid, to tell whether the writer still lives.
export function temporaryName(file: string, pid: number): string {
  return `${file}.${hostname()}-${pid}.tmp`;
}

/**
 * Removes this file's temporaries of processes of this host that no longer exist. They
 * never held a complete output, so nothing is lost.
 */
function removeStaleTemporaries(file: string): void {
  const prefix = `${basename(file)}.${hostname()}-`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return; // the directory does not exist: nothing stale; creating will say why it fails
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dirname(file), name), { force: true });
  }
}
