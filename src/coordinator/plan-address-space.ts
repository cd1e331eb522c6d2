// An address-space limit (`ulimit -v`) and the worker pool: every V8 isolate reserves
// virtual memory up front (code range, heap), and a reservation refused is a fatal error
// no one can catch (exit 133). So the planner fits the pool into the limit: fewer worker
// threads, or none (the memory backend), or, when a pool was asked for and none fits, a
// one-line refusal.

import type { Backend } from "./plan-run.js";

/**
 * Measured on the reference machine (Node 20, 2026-12-04, 5k events, `ulimit -v` in steps
 * of 300 MiB): the memory backend ran at 1,200 MiB, one worker needed 1,800 MiB, two 2,400,
 * four 3,600.
 */
export const ADDRESS_SPACE = {
  processBytes: 1200 * 2 ** 20,
  perWorkerBytes: 600 * 2 ** 20,
} as const;

export interface AddressSpacePlan {
  backend: Backend;
  threads: number;
  note?: string;
  refusal?: string;
}

export function fitAddressSpace(limitBytes: number | undefined, backend: Backend, threads: number, asked: boolean): AddressSpacePlan {
  if (limitBytes === undefined) return { backend, threads };
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const limit = `the address-space limit (ulimit -v) of ${mib(limitBytes)}`;
  if (limitBytes < ADDRESS_SPACE.processBytes) {
    return { backend, threads, refusal: `${limit} is below what any run needs, about ${mib(ADDRESS_SPACE.processBytes)}: raise it` };
  }
  if (backend !== "parallel") return { backend, threads };
  const fits = Math.floor((limitBytes - ADDRESS_SPACE.processBytes) / ADDRESS_SPACE.perWorkerBytes);
  if (fits >= threads) return { backend, threads };
  if (fits >= 1) return { backend, threads: fits, note: `address space: ${limit} holds ${fits} worker thread${fits === 1 ? "" : "s"} (each reserves about ${mib(ADDRESS_SPACE.perWorkerBytes)}), not ${threads}` };
  const oneWorker = ADDRESS_SPACE.processBytes + ADDRESS_SPACE.perWorkerBytes;
  if (!asked) return { backend: "memory", threads: 1, note: `backend memory: ${limit} holds no worker thread (a pool needs about ${mib(oneWorker)})` };
  return { backend, threads, refusal: `${limit} is below what a worker pool needs, about ${mib(oneWorker)} for one thread: raise it, or use --backend memory` };
}
