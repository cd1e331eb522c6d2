// Bench: how much of a run is the engine warming up. The same aggregation (memory backend,
// in process) runs several times in one process on the same files: the first run is
// what every CLI run pays (V8 has optimized nothing yet), the later ones find the kernels
// optimized and the heap grown. Each run builds its own record index, so the kernels'
// caches (keyed to the index) start empty every time; what carries over is V8's state.
// Prints each round's wall and CPU time (ms) with the engine's phases (wall ms), and the
// first round against the last.
// With --profile, V8's sampling profiler (node:inspector) records the first round and the
// last apart, and the functions whose self time the first round adds most are listed:
// where the warm-up goes (the interpreter and baseline code running what is not optimized
// yet, the compilers on this thread, the collector while the heap grows).
// Timings only: nothing here is asserted anywhere.
//
//   node dist/bench/warm-runs.js --input DIR [--rounds 5] [--chunk-size N] [--profile [--top 30]]

import { Session } from "node:inspector/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createInProcessTransport } from "../src/coordinator/engine-transport.js";
import { runAggregation } from "../src/coordinator/run-aggregation.js";
import { createFileEventSource, datasetFiles } from "../src/sources/file-event-source.js";

const USAGE = "usage: node dist/bench/warm-runs.js --input DIR [--rounds 5] [--chunk-size N] [--profile [--top 30]]";

interface Options {
  input: string;
  rounds: number;
  chunkSize: number | undefined;
  /** Functions to list by the self time the first round adds (0: no profile). */
  profileTop: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      input: { type: "string" },
      rounds: { type: "string", default: "5" },
      "chunk-size": { type: "string" },
      profile: { type: "boolean", default: false },
      top: { type: "string", default: "30" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.input === undefined) throw new Error(USAGE);
  const chunkSize = values["chunk-size"];
  const rounds = Number(values.rounds);
  const profileTop = values.profile ? Number(values.top) : 0;
  if (values.profile && !(Number.isInteger(profileTop) && profileTop > 0)) throw new Error(`--top: a positive count, not ${values.top}`);
  if (profileTop > 0 && rounds < 2) throw new Error("--profile compares the first round with the last: give --rounds 2 or more");
  return { input: resolve(values.input), rounds, chunkSize: chunkSize === undefined ? undefined : Number(chunkSize), profileTop };
}

/** The parts of a V8 CPU profile (Profiler.stop's) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time (ms) per function (name, file and line), idle left out. */
function selfTimes(profile: CpuProfile): Map<string, number> {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const times = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = frames.get(samples[i]);
    if (frame === undefined || frame.functionName === "(idle)") continue;
    const file = frame.url.slice(frame.url.lastIndexOf("/") + 1);
    const name = `${frame.functionName || "(anonymous)"}${file ? ` ${file}:${frame.lineNumber + 1}` : ""}`;
    times.set(name, (times.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  return times;
}

/** The functions whose self time the first round adds most over the last, and the totals. */
function printWarmUp(first: CpuProfile, last: CpuProfile, top: number): void {
  const cold = selfTimes(first);
  const warm = selfTimes(last);
  const sum = (times: Map<string, number>) => [...times.values()].reduce((a, b) => a + b, 0);
  const rows = [...new Set([...cold.keys(), ...warm.keys()])]
    .map((name) => ({ name, cold: cold.get(name) ?? 0, warm: warm.get(name) ?? 0 }))
    .sort((a, b) => b.cold - b.warm - (a.cold - a.warm));
  const added = rows.reduce((total, row) => total + Math.max(0, row.cold - row.warm), 0);
  console.log(
    `\nmain thread, sampled self time: first round ${sum(cold).toFixed(0)} ms, last ${sum(warm).toFixed(0)} ms; ` +
      `${rows.length} functions, those slower in the first round add ${added.toFixed(0)} ms; the ${top} that add most:`,
  );
  console.log(`${"first ms".padStart(9)} ${"last ms".padStart(8)} ${"added".padStart(7)}  function`);
  for (const row of rows.slice(0, top)) {
    console.log(`${row.cold.toFixed(1).padStart(9)} ${row.warm.toFixed(1).padStart(8)} ${(row.cold - row.warm).toFixed(1).padStart(7)}  ${row.name}`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const transport = createInProcessTransport();
  const rounds: { wallMs: number; cpuMs: number }[] = [];
  const profiled = options.profileTop > 0;
  const session = new Session();
  const profiles: CpuProfile[] = [];
  if (profiled) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
  }
  try {
    for (let round = 0; round < options.rounds; round++) {
      const recorded = profiled && (round === 0 || round === options.rounds - 1);
      if (recorded) await session.post("Profiler.start");
      const started = performance.now();
      const cpu = process.cpuUsage();
      const { summary } = await runAggregation(
        createFileEventSource(datasetFiles(options.input)),
        // The engine's defaults otherwise (engine-options.ts), as the CLI's memory backend runs.
        { backend: "memory", chunkSize: options.chunkSize },
        { transport, onReject: () => {} },
      );
      const used = process.cpuUsage(cpu);
      if (recorded) profiles.push((await session.post("Profiler.stop")).profile as CpuProfile);
      rounds.push({ wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
      const phases = Object.entries(summary.timingsMs)
        .filter(([phase]) => phase !== "total")
        .map(([phase, ms]) => `${phase} ${ms}`)
        .join(", ");
      console.log(
        `round ${round + 1}: ${rounds[round].wallMs.toFixed(0)} ms wall, ${rounds[round].cpuMs.toFixed(0)} ms CPU (${phases} ms), ${summary.counts.counted.toLocaleString("en")} events counted`,
      );
    }
  } finally {
    await transport.close();
    if (profiled) session.disconnect();
  }
  const first = rounds[0];
  const last = rounds[rounds.length - 1];
  console.log(`first round / last: ${(first.wallMs / last.wallMs).toFixed(2)}x wall, ${(first.cpuMs / last.cpuMs).toFixed(2)}x CPU`);
  if (profiled) printWarmUp(profiles[0], profiles[1], options.profileTop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
