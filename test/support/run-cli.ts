// Spawns the real, built CLI, as users run it: the bundle the package installs (dist/bundle).

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { assertSummaryAccounting } from "./accounting.js";

const ROOT = join(import.meta.dirname, "..", "..");
export const CLI = join(ROOT, "dist", "bundle", "usage-delta.js");

/**
 * CLI tests run with the planner's memory floor off (a test-only hook): a small run under
 * a tiny --max-memory then still goes in day windows and sets the memory guard off, as
 * those tests mean it to. The floor's own tests set it back (`USAGE_DELTA_TEST_MEMORY_FLOOR: ""`).
 */
export const TEST_ENV: NodeJS.ProcessEnv = { USAGE_DELTA_TEST_MEMORY_FLOOR: "0" };

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...TEST_ENV, ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  assertSummaryAccounting(result.stderr ?? "", args.join(" "));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
