// Bench (worker side of worker-cold-start.ts): a worker thread that imports the engine
// worker module and reports how long the import took. No engine code runs.

import { parentPort, workerData } from "node:worker_threads";

const started = performance.now();
await import((workerData as { script: string }).script);
parentPort?.postMessage({ loadMs: performance.now() - started });
