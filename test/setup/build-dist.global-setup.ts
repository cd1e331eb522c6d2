/**
 * Vitest global setup: tests run the compiled program (the CLI from the bundle in
 * dist/bundle, the worker pool of in-process tests from dist/workers), so rebuild it first
 * when any source is newer than its output.
 * `npm test` builds before vitest starts and this finds nothing to do; `npx vitest run
 * some.test.ts` after an edit gets a rebuild instead of a stale worker.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFreshDist } from "./fresh-dist.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export default async function setup(): Promise<void> {
  await ensureFreshDist(repoRoot, (line) => process.stderr.write(`${line}\n`));
}
