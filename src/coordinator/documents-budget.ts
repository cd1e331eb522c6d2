// The documents are part of the memory plan: a run writes one document per community
// and day, zeros included, and holds them all until they are written. Once the range
// and the communities are known (after the first pass, before any is built), a run
// whose documents would not fit stops with one line instead of running out of memory.

import { getHeapStatistics } from "node:v8";
import { UsageError } from "../model/errors.js";
import { formatCount } from "../model/format-count.js";

/** Heap bytes of one document held until written: measured ~790 for one without items (items are held events' cost). */
export const BYTES_PER_DOCUMENT = 1000;

/** `floorBytes`: what the run needs besides (plan-floor.ts). */
export function checkDocumentsFit(communities: number, days: number, budgetBytes: number, floorBytes: number): void {
  const documents = communities * days;
  const bytes = documents * BYTES_PER_DOCUMENT;
  // Documents live on the JS heap: V8's limit holds whatever the budget says.
  const heapBytes = getHeapStatistics().heap_size_limit * 0.75;
  const budgetRoom = budgetBytes - floorBytes;
  if (bytes <= Math.min(heapBytes, budgetRoom)) return;
  const mib = (n: number) => `${formatCount(Math.round(n / 2 ** 20))} MiB`;
  const limit = heapBytes < budgetRoom ? `this process's JS heap (${mib(heapBytes / 0.75)})` : `the memory budget (${mib(budgetBytes)})`;
  throw new UsageError(
    `the documents of this run do not fit in memory: ${formatCount(communities)} communities x ${formatCount(days)} days = ` +
      `${formatCount(documents)} documents, about ${mib(bytes)}, more than ${limit} allows: narrow --start/--end or --community, or raise --max-memory`,
  );
}
