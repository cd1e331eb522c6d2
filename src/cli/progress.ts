// The progress line on stderr, drawn only when stderr is a terminal: redrawn in place at
// most ten times a second, and once a second while a phase sends nothing (grouping), so
// the clock never looks frozen. `done` clears it before anything else is printed (the
// next update draws it again).

import { progressLine, type ShownProgress } from "./progress-line.js";

export interface Progress {
  update(update: ShownProgress): void;
  /** Clears the line (for a log line, a plan note, the summary); the next update draws it again. */
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = performance.now();
  let last: ShownProgress | undefined;
  let phase = "";
  let phaseStarted = started;
  let drawnAt = 0;
  let drawn = false;
  let windowsStarted: number | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const draw = () => {
    if (last === undefined) return;
    const now = performance.now();
    drawnAt = now;
    // Never wider than the terminal: a wrapped line cannot be redrawn in place.
    const width = Math.max(20, (stream.columns || 100) - 1);
    const line = progressLine(last, (now - phaseStarted) / 1000, (now - started) / 1000, (now - (windowsStarted ?? now)) / 1000).slice(0, width);
    stream.write(`\r${line.padEnd(width)}`);
    drawn = true;
  };
  return {
    update(u) {
      last = u;
      if (u.window !== undefined) windowsStarted ??= performance.now();
      const key = `${u.phase}:${u.window?.index ?? ""}`;
      const now = performance.now();
      if (key !== phase) {
        phase = key;
        phaseStarted = now;
      } else if (now - drawnAt < 100) {
        return;
      }
      draw();
      if (ticker === undefined) {
        ticker = setInterval(draw, 1000);
        ticker.unref();
      }
    },
    done() {
      if (ticker !== undefined) clearInterval(ticker);
      ticker = undefined;
      last = undefined;
      if (drawn) stream.write(`\r${" ".repeat(Math.max(20, (stream.columns || 100) - 1))}\r`);
      drawn = false;
    },
  };
}
