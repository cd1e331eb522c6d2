#!/usr/bin/env node
// The installed command's start-up: `npm run build` writes, beside tsc's dist/src and
// dist/workers, one bundle of the program (dist/bundle/usage-delta.js, the package's bin)
// and one of the worker (dist/bundle/engine-worker.js). Node resolves, reads and links
// each module of an ESM program one by one: ~170 files of ours took ~20 ms of every run's
// start-up (and of every worker's), where a handful of files take a few. Dynamic imports
// stay dynamic (separate chunks), so a run still loads only what it uses; the npm
// dependencies stay outside (node_modules), as installed. The CLI tests and the bench run
// the bundle, as an operator does; in-process tests use tsc's files.

import { build } from "esbuild-wasm";
import { rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "dist", "bundle");

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { "usage-delta": join(ROOT, "dist/src/cli/bin.js"), "engine-worker": join(ROOT, "dist/workers/engine-worker.js") },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  chunkNames: "chunk-[hash]",
  logLevel: "warning",
});
