/**
 * The compiled program under `dist/` that CLI and parallel-backend tests run (the CLI from
 * the bundle `dist/bundle`, the worker pool of in-process tests from `dist/workers`) must be
 * built from the sources as they are now: a test that ran a stale worker would pass on code
 * nobody wrote. `ensureFreshDist` compares each source's output, and the bundle, with it
 * and runs `npm run build`'s steps (`tsc -p tsconfig.json`, `scripts/build-wasm.mjs` for the
 * AssemblyScript under `wasm/` folders, `scripts/bundle.mjs`) when
 * any output is missing or older than its source (or than tsconfig.json); if outputs are
 * still stale after that, it fails with one line naming the first.
 */
import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

/** Folders compiled into dist/ whose outputs tests run. */
const SOURCE_DIRS = ["src", "workers"];
/** The bundle step of a project that has one, and its entries, made from all of those outputs. */
const BUNDLE_SCRIPT = "scripts/bundle.mjs";
const BUNDLE_FILES = ["dist/bundle/usage-delta.js", "dist/bundle/engine-worker.js"];
/** The WebAssembly step: AssemblyScript under a `wasm/` folder, compiled into dist/wasm/ (not by tsc). */
const WASM_SCRIPT = "scripts/build-wasm.mjs";
const WASM_OUT = "dist/wasm";

function hasBundle(root: string): boolean {
  return mtimeMs(join(root, BUNDLE_SCRIPT)) !== undefined;
}

function hasWasm(root: string): boolean {
  return mtimeMs(join(root, WASM_SCRIPT)) !== undefined;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

const isWasmSource = (relativePath: string): boolean => relativePath.split(/[\\/]/).includes("wasm");

/** When the oldest module in dist/wasm/ was written (undefined: none is). */
function oldestWasmTime(root: string): number | undefined {
  let names: string[];
  try {
    names = readdirSync(join(root, WASM_OUT)).filter((name) => name.endsWith(".wasm"));
  } catch {
    return undefined;
  }
  const times = names.map((name) => mtimeMs(join(root, WASM_OUT, name)) ?? 0);
  return times.length === 0 ? undefined : Math.min(...times);
}

function mtimeMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Sources (relative to `root`) whose compiled `.js` under `dist/` is missing or older. */
export function findStaleOutputs(root: string): string[] {
  const configTime = mtimeMs(join(root, "tsconfig.json")) ?? 0;
  const stale: string[] = [];
  let newestSource = configTime;
  for (const dir of SOURCE_DIRS) {
    for (const source of sourceFiles(join(root, dir))) {
      const rel = relative(root, source);
      const sourceTime = mtimeMs(source) ?? 0;
      newestSource = Math.max(newestSource, sourceTime);
      const outputTime = hasWasm(root) && isWasmSource(rel) ? oldestWasmTime(root) : mtimeMs(join(root, "dist", rel.replace(/\.ts$/, ".js")));
      if (outputTime === undefined || outputTime < Math.max(sourceTime, configTime)) stale.push(rel);
    }
  }
  for (const file of hasBundle(root) ? BUNDLE_FILES : []) {
    const bundleTime = mtimeMs(join(root, file));
    if (bundleTime === undefined || bundleTime < newestSource) stale.push(file);
  }
  return stale;
}

function runNode(root: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** `npm run build` without npm: tsc, then the WebAssembly modules and the bundle (where there are), each when the one before succeeded. */
async function runBuild(root: string): Promise<{ code: number; output: string }> {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  let result = await runNode(root, [tsc, "-p", "tsconfig.json"]);
  for (const script of [hasWasm(root) ? WASM_SCRIPT : null, hasBundle(root) ? BUNDLE_SCRIPT : null]) {
    if (result.code !== 0 || script === null) continue;
    result = await runNode(root, [join(root, script)]);
  }
  return result;
}

function buildSteps(root: string): string {
  const steps = ["tsc -p tsconfig.json", ...(hasWasm(root) ? [WASM_SCRIPT] : []), ...(hasBundle(root) ? [BUNDLE_SCRIPT] : [])];
  return steps.length === 1 ? steps[0] : `${steps.slice(0, -1).join(", ")} and ${steps[steps.length - 1]}`;
}

export type DistState = "fresh" | "rebuilt";

/** Rebuilds `dist/` when it is stale; throws a one-line error when that does not help. */
export async function ensureFreshDist(root: string, log: (line: string) => void = () => {}): Promise<DistState> {
  const before = findStaleOutputs(root);
  if (before.length === 0) return "fresh";
  const steps = buildSteps(root);
  log(`dist/ is older than ${before[0]}${before.length > 1 ? ` and ${before.length - 1} more` : ""}: running ${steps}`);
  const { code, output } = await runBuild(root);
  const after = findStaleOutputs(root);
  if (after.length > 0 || code !== 0) {
    if (output.trim()) log(output.trim());
    const what = after.length > 0 ? `dist/ is still older than ${after[0]}` : "the sources do not type-check";
    throw new Error(`stale build: ${what} after ${steps} (exit ${code}); fix the errors above, then run npm run build`);
  }
  return "rebuilt";
}
