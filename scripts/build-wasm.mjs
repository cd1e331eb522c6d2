#!/usr/bin/env node
// The WebAssembly kernels: `npm run build` compiles each AssemblyScript entry under src/
// (a `wasm/` folder, which tsc leaves out) into dist/wasm/<name>.wasm, where the engine
// loads it from (src/parse/wasm-event-scanner.ts). A module's memory is fixed (its
// layout is in its entry file): sized here, never grown.

import asc from "assemblyscript/asc";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "dist", "wasm");
/** Entry, and its memory in 64 KiB pages. */
// The event scanner's: its own 18 pages (event-scanner.ts), a page of scratch and four id
// dictionaries of 81 pages (id-dictionaries.ts: MEMORY_END, checked when it is loaded).
// Pages never written take no memory.
const MODULES = [{ entry: "src/parse/wasm/event-scanner.ts", name: "event-scanner", pages: 343 }];

mkdirSync(OUT, { recursive: true });
for (const { entry, name, pages } of MODULES) {
  const { error, stderr } = await asc.main(
    [
      entry,
      "-O3",
      "--runtime",
      "stub",
      "--noAssert",
      "--enable",
      "simd",
      "--initialMemory",
      String(pages),
      "--maximumMemory",
      String(pages),
      "-o",
      join(OUT, `${name}.wasm`),
    ],
    { stderr: process.stderr },
  );
  if (error) {
    process.stderr.write(`build-wasm: ${entry}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
}
