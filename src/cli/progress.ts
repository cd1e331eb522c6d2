// A one-line progress bar on stderr, drawn only when stderr is a terminal and at most
// ten times a second.

import type { ProgressUpdate } from "../coordinator/run-aggregation.js";

export interface Progress {
  update(update: ProgressUpdate): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(u) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      const seconds = (now - started) / 1000;
      let line: string;
      if (u.phase === "events" && u.total > 0) {
        const share = Math.min(1, u.done / u.total);
        const width = 30;
        const filled = Math.round(share * width);
        line = `reading events [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0)}%  ${u.events.toLocaleString("en")} events  ${seconds.toFixed(1)} s`;
      } else {
        line = `${u.phase}: ${u.events.toLocaleString("en")} events  ${seconds.toFixed(1)} s`;
      }
      stream.write(`\r${line.padEnd(90)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write(`\r${" ".repeat(90)}\r`);
    },
  };
}
