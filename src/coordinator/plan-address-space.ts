// An address-space limit (`ulimit -v`) and the worker pool: every V8 isolate reserves
// virtual memory up front (code range, heap), and a reservation refused is a fatal error
// no one can catch (exit 133). So the planner fits the pool into the limit: fewer worker
// threads, or none (the memory backend), or, when a pool was asked for and none fits, a
// one-line refusal.

import type { Backend } from "../model/backend.js";

/**
 * What a run reserves, by Node major version: `aloneBytes` for a run without workers,
 * `poolBytes` for the process once it holds a pool, plus `perWorkerBytes` for each worker.
 * Measured on the reference machine (2026-12-05, 50 events, `ulimit -v` in steps, 20 runs
 * at each limit, under load): the failures near the edge are random (an allocation refused
 * in one run of five, then none in twenty 100 MiB higher), so each row is the lowest limit
 * at which all 20 runs passed, plus about 15%:
 * - Node 20.19: alone passes at 1,200 MiB; 1 worker at 1,900 (1,800: one fatal error in
 *   20); 2 workers at 2,400.
 * - Node 24.22: alone passes at 1,600 (1,500: 12 of 20 failed, "Array buffer allocation
 *   failed"); 1 worker at 2,300; 2 workers at 2,950.
 * A version not listed takes the newest row: an unmeasured Node is more likely to reserve
 * more than less.
 */
const RESERVATIONS = [
  { major: 20, aloneBytes: 1400 * 2 ** 20, poolBytes: 1350 * 2 ** 20, perWorkerBytes: 650 * 2 ** 20 },
  { major: 24, aloneBytes: 1850 * 2 ** 20, poolBytes: 1900 * 2 ** 20, perWorkerBytes: 700 * 2 ** 20 },
] as const;

export type AddressSpaceReservation = (typeof RESERVATIONS)[number];

export function reservationFor(nodeVersion: string = process.versions.node): AddressSpaceReservation {
  const major = Number(nodeVersion.split(".")[0]);
  return RESERVATIONS.find((row) => row.major === major) ?? RESERVATIONS[RESERVATIONS.length - 1]!;
}

export interface AddressSpacePlan {
  backend: Backend;
  threads: number;
  note?: string;
  refusal?: string;
}

export function fitAddressSpace(
  limitBytes: number | undefined,
  backend: Backend,
  threads: number,
  asked: boolean,
  space: AddressSpaceReservation = reservationFor(),
): AddressSpacePlan {
  if (limitBytes === undefined) return { backend, threads };
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const limit = `the address-space limit (ulimit -v) of ${mib(limitBytes)}`;
  if (limitBytes < space.aloneBytes) {
    return { backend, threads, refusal: `${limit} is below what any run needs, about ${mib(space.aloneBytes)}: raise it` };
  }
  if (backend !== "parallel") return { backend, threads };
  const fits = Math.max(0, Math.floor((limitBytes - space.poolBytes) / space.perWorkerBytes));
  if (fits >= threads) return { backend, threads };
  if (fits >= 1)
    return {
      backend,
      threads: fits,
      note: `address space: ${limit} holds ${fits} worker thread${fits === 1 ? "" : "s"} (each reserves about ${mib(space.perWorkerBytes)}), not ${threads}`,
    };
  const oneWorker = space.poolBytes + space.perWorkerBytes;
  if (!asked) return { backend: "memory", threads: 1, note: `backend memory: ${limit} holds no worker thread (a pool needs about ${mib(oneWorker)})` };
  return { backend, threads, refusal: `${limit} is below what a worker pool needs, about ${mib(oneWorker)} for one thread: raise it, or use --backend memory` };
}
