// The stale-build guard of the test setup (test/setup/fresh-dist.ts) on a small project of
// its own, and on this repository: tests never run a compiled CLI or worker older than
// its source.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureFreshDist, findStaleOutputs } from "../setup/fresh-dist.js";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), "usage-delta-fresh-dist-"));
  dirs.push(root);
  mkdirSync(join(root, "src", "engine"), { recursive: true });
  mkdirSync(join(root, "workers"));
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", rootDir: ".", outDir: "dist", strict: true, types: [] };
  writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src/**/*.ts", "workers/**/*.ts"] }));
  writeFileSync(join(root, "src", "engine", "count.ts"), "export const count = (n: number): number => n + 1;\n");
  writeFileSync(join(root, "workers", "worker.ts"), 'export default function run(): string { return "worker"; }\n');
  return root;
}

/** A stand-in for one of the repository's build scripts (scripts/NAME): these lines, after the fs imports. */
function writeBuildStep(root: string, name: string, lines: string[]): void {
  mkdirSync(join(root, "scripts"), { recursive: true });
  writeFileSync(join(root, "scripts", name), ['import { mkdirSync, readFileSync, writeFileSync } from "node:fs";', ...lines].join("\n"));
}

/** Makes every output and tsconfig.json look a minute old and `source` half a minute old. */
function ageAllButSource(root: string, source: string): void {
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const path of ["dist/src/engine/count.js", "dist/workers/worker.js", "tsconfig.json", "workers/worker.ts"])
    utimesSync(join(root, path), minuteAgo, minuteAgo);
  const halfMinuteAgo = new Date(Date.now() - 30_000);
  utimesSync(join(root, source), halfMinuteAgo, halfMinuteAgo);
}

describe("the stale-build guard", () => {
  it("builds a project that was never built, then finds it fresh", async () => {
    const root = project();
    expect(findStaleOutputs(root).sort()).toEqual(["src/engine/count.ts", "workers/worker.ts"]);
    expect(await ensureFreshDist(root)).toBe("rebuilt");
    expect(readFileSync(join(root, "dist", "workers", "worker.js"), "utf8")).toContain('"worker"');
    expect(findStaleOutputs(root)).toEqual([]);
    expect(await ensureFreshDist(root)).toBe("fresh");
  }, 60_000);

  it("rebuilds when a source changed after the last build (a bug planted without npm run build)", async () => {
    const root = project();
    await ensureFreshDist(root);
    writeFileSync(join(root, "src", "engine", "count.ts"), "export const count = (n: number): number => n + 2;\n");
    ageAllButSource(root, "src/engine/count.ts");
    expect(findStaleOutputs(root)).toEqual(["src/engine/count.ts"]);
    const lines: string[] = [];
    expect(await ensureFreshDist(root, (line) => lines.push(line))).toBe("rebuilt");
    expect(lines[0]).toBe("dist/ is older than src/engine/count.ts: running tsc -p tsconfig.json");
    expect(readFileSync(join(root, "dist", "src", "engine", "count.js"), "utf8")).toContain("n + 2");
  }, 60_000);

  it("bundles after tsc where the project has a bundle step, and rebuilds a bundle older than a source", async () => {
    const root = project();
    // A stand-in for scripts/bundle.mjs: each entry is the compiled files it is made of, joined.
    writeBuildStep(root, "bundle.mjs", [
      'const read = (path) => readFileSync(new URL(`../dist/${path}`, import.meta.url), "utf8");',
      'mkdirSync(new URL("../dist/bundle", import.meta.url), { recursive: true });',
      'writeFileSync(new URL("../dist/bundle/usage-delta.js", import.meta.url), read("src/engine/count.js"));',
      'writeFileSync(new URL("../dist/bundle/engine-worker.js", import.meta.url), read("workers/worker.js"));',
    ]);
    expect(findStaleOutputs(root).sort()).toEqual(["dist/bundle/engine-worker.js", "dist/bundle/usage-delta.js", "src/engine/count.ts", "workers/worker.ts"]);
    expect(await ensureFreshDist(root)).toBe("rebuilt");
    expect(findStaleOutputs(root)).toEqual([]);

    writeFileSync(join(root, "src", "engine", "count.ts"), "export const count = (n: number): number => n + 3;\n");
    ageAllButSource(root, "src/engine/count.ts");
    const minuteAgo = new Date(Date.now() - 60_000);
    for (const path of ["dist/bundle/usage-delta.js", "dist/bundle/engine-worker.js", "scripts/bundle.mjs"]) utimesSync(join(root, path), minuteAgo, minuteAgo);
    expect(findStaleOutputs(root)).toEqual(["src/engine/count.ts", "dist/bundle/usage-delta.js", "dist/bundle/engine-worker.js"]);
    const lines: string[] = [];
    expect(await ensureFreshDist(root, (line) => lines.push(line))).toBe("rebuilt");
    expect(lines[0]).toBe("dist/ is older than src/engine/count.ts and 2 more: running tsc -p tsconfig.json and scripts/bundle.mjs");
    expect(readFileSync(join(root, "dist", "bundle", "usage-delta.js"), "utf8")).toContain("n + 3");
  }, 60_000);

  it("compiles the WebAssembly modules where the project has that step, and again when their source changed", async () => {
    const root = project();
    // AssemblyScript under a wasm/ folder, which tsc leaves out; a stand-in for scripts/build-wasm.mjs copies it.
    mkdirSync(join(root, "src", "engine", "wasm"));
    writeFileSync(join(root, "src", "engine", "wasm", "kernel.ts"), "export function one(): i32 { return 1; }\n");
    const tsconfig = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ ...tsconfig, exclude: ["src/**/wasm/**"] }));
    writeBuildStep(root, "build-wasm.mjs", [
      'mkdirSync(new URL("../dist/wasm", import.meta.url), { recursive: true });',
      'writeFileSync(new URL("../dist/wasm/kernel.wasm", import.meta.url), readFileSync(new URL("../src/engine/wasm/kernel.ts", import.meta.url)));',
    ]);
    expect(findStaleOutputs(root).sort()).toEqual(["src/engine/count.ts", "src/engine/wasm/kernel.ts", "workers/worker.ts"]);
    expect(await ensureFreshDist(root)).toBe("rebuilt");
    expect(findStaleOutputs(root)).toEqual([]);

    writeFileSync(join(root, "src", "engine", "wasm", "kernel.ts"), "export function two(): i32 { return 2; }\n");
    ageAllButSource(root, "src/engine/wasm/kernel.ts");
    const minuteAgo = new Date(Date.now() - 60_000);
    for (const path of ["dist/wasm/kernel.wasm", "scripts/build-wasm.mjs"]) utimesSync(join(root, path), minuteAgo, minuteAgo);
    // Older than its output (aged "a minute ago" a few milliseconds earlier than this one): not stale.
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(join(root, "src", "engine", "count.ts"), twoMinutesAgo, twoMinutesAgo);
    expect(findStaleOutputs(root)).toEqual(["src/engine/wasm/kernel.ts"]);
    const lines: string[] = [];
    expect(await ensureFreshDist(root, (line) => lines.push(line))).toBe("rebuilt");
    expect(lines[0]).toBe("dist/ is older than src/engine/wasm/kernel.ts: running tsc -p tsconfig.json and scripts/build-wasm.mjs");
    expect(readFileSync(join(root, "dist", "wasm", "kernel.wasm"), "utf8")).toContain("two");
  }, 60_000);

  it("fails with one line when the sources do not compile", async () => {
    const root = project();
    writeFileSync(join(root, "src", "engine", "count.ts"), "export const count = (n: number): string => n;\n");
    await expect(ensureFreshDist(root)).rejects.toThrow(/^stale build: the sources do not type-check after tsc -p tsconfig.json \(exit 2\)/);
  }, 60_000);

  it("has left this repository built from its current sources", () => {
    expect(findStaleOutputs(repoRoot)).toEqual([]);
  });
});
