// Full-disk and read-only tests: a small tmpfs mounted on a test directory. Mounting
// needs root (the tests run as root here and in CI); elsewhere those tests are skipped,
// with one line saying why.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";

export function mountTmpfs(dir: string, options: { sizeBytes?: number; readOnly?: boolean } = {}): void {
  const opts = [`size=${options.sizeBytes ?? 1 << 20}`, ...(options.readOnly === true ? ["ro"] : [])].join(",");
  const run = spawnSync("mount", ["-t", "tmpfs", "-o", opts, "tmpfs", dir], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`mount -t tmpfs on ${dir} failed: ${run.stderr}`);
}

export function unmountTmpfs(dir: string): void {
  spawnSync("umount", [dir]);
}

/** Whether this process may mount a tmpfs (tried once, on a scratch directory). */
function tmpfsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), "usage-delta-tmpfs-probe-"));
  try {
    mountTmpfs(probe);
    unmountTmpfs(probe);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const available = tmpfsAvailable();
if (!available) process.stderr.write("full-disk tests skipped: they mount a small tmpfs, which needs root (and a mount-capable container)\n");

/** `describe` that is skipped when no tmpfs can be mounted. */
export const describeWithTmpfs = describe.skipIf(!available);
