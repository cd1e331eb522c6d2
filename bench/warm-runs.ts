// Bench: how much of a run is the engine warming up. The same aggregation (memory backend,
// in process) runs several times in one process on the same files: the first run is
// what every CLI run pays (V8 has optimized nothing yet), the later ones find the kernels
// optimized and the heap grown. Each run builds its own record index, so the kernels'
// caches (keyed to the index) start empty every time; what carries over is V8's state.
// Prints each round's wall and CPU time (ms) and the first round against the last.
// Timings only: nothing here is asserted anywhere.
//
//   node dist/bench/warm-runs.js --input DIR [--rounds 5] [--chunk-size 50000]

import { resolve } from "node:path";
import { createInProcessTransport } from "../src/coordinator/engine-transport.js";
import { runAggregation } from "../src/coordinator/run-aggregation.js";
import { createFileEventSource, datasetFiles } from "../src/sources/file-event-source.js";

interface Options {
  input: string;
  rounds: number;
  chunkSize: number;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const input = value("--input");
  if (input === undefined) throw new Error("usage: node dist/bench/warm-runs.js --input DIR [--rounds 5] [--chunk-size 50000]");
  return { input: resolve(input), rounds: Number(value("--rounds") ?? 5), chunkSize: Number(value("--chunk-size") ?? 50_000) };
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
        {
          backend: "memory",
          threads: 1,
          chunkSize: options.chunkSize,
          onInvalid: "skip",
          includeRobots: false,
          excludeMachines: false,
          excludeApi: false,
          eventCommunitiesOnly: false,
        },
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
