// Writes lines to a file atomically (a temporary name, renamed when complete, so no
// half-written output is ever left under the real name) or to stdout (`-`).

import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
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
  const temporary = `${path}.${process.pid}.tmp`;
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
