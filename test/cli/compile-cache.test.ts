// The installed command (dist/bundle/usage-delta.js) keeps Node's compile cache where Node has
// one (22.1+), for the main thread and for the worker threads, under
// $XDG_CACHE_HOME/usage-delta/compile-cache; on Node 20 it runs the same without one.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "dist", "bundle", "usage-delta.js");
const work = mkdtempSync(join(tmpdir(), "usage-delta-compile-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const hasCompileCache = typeof (module as unknown as { enableCompileCache?: unknown }).enableCompileCache === "function";

function cachedFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

function bin(args: readonly string[], cacheHome: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  return spawnSync(process.execPath, [BIN, ...args], { cwd: work, env, encoding: "utf8", timeout: 120_000 });
}

describe(`the compile cache (Node ${process.version})`, () => {
  it(hasCompileCache ? "is kept for the main thread and for the workers" : "is left alone where Node has none", () => {
    const data = join(work, "data");
    expect(bin(["generate", "--out", data, "--events", "2000", "--seed", "3"], join(work, "unused")).status).toBe(0);

    const mainOnly = join(work, "main-only");
    expect(bin(["--version"], mainOnly).status).toBe(0);
    const withWorkers = join(work, "with-workers");
    const run = bin(
      ["aggregate", "--input", data, "--out", join(work, "out.ndjson"), "--backend", "parallel", "--threads", "2", "--log-level", "warn"],
      withWorkers,
    );
    expect(run.status, run.stderr).toBe(0);

    const mainFiles = cachedFiles(join(mainOnly, "usage-delta", "compile-cache"));
    const workerFiles = cachedFiles(join(withWorkers, "usage-delta", "compile-cache"));
    if (!hasCompileCache) {
      expect([mainFiles, workerFiles]).toEqual([0, 0]);
      return;
    }
    // --version loads the whole program (its modules are imported once the cache is on);
    // the worker threads add the engine's own modules.
    expect(mainFiles).toBeGreaterThan(50);
    expect(workerFiles).toBeGreaterThan(mainFiles);
  });
});
