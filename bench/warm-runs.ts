// Bench: how much of a run is the engine warming up. The same aggregation (memory backend,
// in process) runs several times in one process on the same files: the first run is
// what every CLI run pays (V8 has optimized nothing yet), the later ones find the kernels
// optimized and the heap grown. Each run builds its own record index, so the kernels'
// caches (keyed to the index) start empty every time; what carries over is V8's state.
// Prints each round's wall and CPU time (ms) and the first round against the last.
// Timings only: nothing here is asserted anywhere.
//
//   node dist/bench/warm-runs.js --input DIR [--rounds 5] [--chunk-size N]

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createInProcessTransport } from "../src/coordinator/engine-transport.js";
import { runAggregation } from "../src/coordinator/run-aggregation.js";
import { createFileEventSource, datasetFiles } from "../src/sources/file-event-source.js";

const USAGE = "usage: node dist/bench/warm-runs.js --input DIR [--rounds 5] [--chunk-size N]";

function parseOptions(argv: string[]): { input: string; rounds: number; chunkSize: number | undefined } {
  const { values } = parseArgs({
    args: argv,
    options: { input: { type: "string" }, rounds: { type: "string", default: "5" }, "chunk-size": { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  if (values.input === undefined) throw new Error(USAGE);
  const chunkSize = values["chunk-size"];
  return { input: resolve(values.input), rounds: Number(values.rounds), chunkSize: chunkSize === undefined ? undefined : Number(chunkSize) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const transport = createInProcessTransport();
  const rounds: { wallMs: number; cpuMs: number }[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const { summary } = await runAggregation(
        createFileEventSource(datasetFiles(options.input)),
        // The engine's defaults otherwise (engine-options.ts), as the CLI's memory backend runs.
        { backend: "memory", chunkSize: options.chunkSize },
        { transport, onReject: () => {} },
      );
      const used = process.cpuUsage(cpu);
      rounds.push({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
      console.log(
        `round ${round + 1}: ${rounds[round].wallMs.toFixed(0)} ms wall, ${rounds[round].cpuMs.toFixed(0)} ms CPU, ${summary.counts.counted.toLocaleString("en")} events counted`,
      );
    }
  } finally {
    await transport.close();
  }
  const first = rounds[0];
  const last = rounds[rounds.length - 1];
  console.log(`first round / last: ${(first.wallMs / last.wallMs).toFixed(2)}x wall, ${(first.cpuMs / last.cpuMs).toFixed(2)}x CPU`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
