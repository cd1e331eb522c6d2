// The accounting identity, asserted on every run the test helpers make (engine-runner.ts,
// run-cli.ts, spawn-cli.ts): every event line read is counted, rejected, outside the
// range, or dropped by exactly one filter. Nothing is lost without a count.

import type { ChunkCounts } from "../../src/model/chunk-types.js";

export function assertAccounting(counts: ChunkCounts, where: string): void {
  const read = counts.readViews + counts.readDownloads;
  const accounted = counts.counted + counts.rejected + counts.outsideRange + counts.droppedRobot + counts.droppedMachine + counts.droppedApi;
  if (read !== accounted) {
    throw new Error(
      `accounting identity broken (${where}): ${read} lines read, but counted + rejected + outside range + dropped = ${accounted}: ${JSON.stringify(counts)}`,
    );
  }
}

const FIELDS: readonly [keyof ChunkCounts, RegExp][] = [
  ["readViews", /^ {2}events read +[\d,]+ \(views ([\d,]+), downloads [\d,]+\)$/m],
  ["readDownloads", /^ {2}events read +[\d,]+ \(views [\d,]+, downloads ([\d,]+)\)$/m],
  ["rejected", /^ {2}rejected +([\d,]+)/m],
  ["outsideRange", /^ {2}outside range +([\d,]+)$/m],
  ["droppedRobot", /^ {2}dropped: robots +([\d,]+)$/m],
  ["droppedMachine", /^ {2}dropped: machines +([\d,]+)$/m],
  ["droppedApi", /^ {2}dropped: API +([\d,]+)$/m],
  ["counted", /^ {2}counted +([\d,]+)/m],
];

/** Every run summary the CLI printed on stderr (none when it stopped before one). */
export function assertSummaryAccounting(stderr: string, where: string): void {
  const blocks = stderr.split("usage-delta summary\n").slice(1);
  for (const block of blocks) {
    const counts = { unknownRecord: 0 } as ChunkCounts;
    for (const [field, pattern] of FIELDS) {
      const match = pattern.exec(block);
      if (match === null) throw new Error(`run summary without ${field} (${where}): ${block}`);
      counts[field] = Number(match[1].replaceAll(",", ""));
    }
    assertAccounting(counts, where);
  }
}
