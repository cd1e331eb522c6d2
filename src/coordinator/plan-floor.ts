// The least memory a run can use, whatever its windows: the process, the worker threads,
// the record index and one day window. A budget below it cannot hold (windows only bound
// the events held), so the planner says so and, for a budget the user gave, refuses.

/**
 * Measured on the 2-core reference machine (2026-12-04, generated data, peak RSS with day
 * windows of one day, --max-memory far below what the run needs): 200k events and 10k
 * records (16 MB of record documents): memory backend 328 MiB, parallel x1 465 MiB, x2
 * 568 MiB; 2M events and 100k records (162 MB): parallel x2 1,131 MiB.
 */
export const FLOOR = {
  /** Process, modules, one day window, the scan's tallies. */
  processBytes: 280 * 2 ** 20,
  /** Each worker thread: its heap, the engine and Apache Arrow loaded again, its scratch columns. */
  workerBytes: 120 * 2 ** 20,
  /** Record index and its build, per byte of record documents read (files; unknown from OpenSearch). */
  perRecordByte: 4,
} as const;

export interface FloorInput {
  workerThreads: number;
  /** Bytes of record documents (undefined: cannot tell, counted as none). */
  recordBytes: number | undefined;
}

export interface MemoryFloor {
  bytes: number;
  /** What it is made of, for --explain. */
  parts: string;
}

// For tests only: a floor of this many bytes instead of the measured one, so that a small
// run under a tiny --max-memory still goes in day windows and sets the memory guard off.
const TEST_FLOOR_BYTES = process.env.USAGE_DELTA_TEST_MEMORY_FLOOR;

export function memoryFloor(input: FloorInput): MemoryFloor {
  if (TEST_FLOOR_BYTES !== undefined && TEST_FLOOR_BYTES !== "") return { bytes: Number(TEST_FLOOR_BYTES), parts: "set by a test" };
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const workers = input.workerThreads * FLOOR.workerBytes;
  const index = (input.recordBytes ?? 0) * FLOOR.perRecordByte;
  const parts = [`process ${mib(FLOOR.processBytes)}`];
  if (input.workerThreads > 0) parts.push(`${input.workerThreads} worker thread${input.workerThreads === 1 ? "" : "s"} ${mib(workers)}`);
  parts.push(input.recordBytes === undefined ? "record index: size unknown" : `record index ${mib(index)}`);
  return { bytes: FLOOR.processBytes + workers + index, parts: parts.join(", ") };
}
