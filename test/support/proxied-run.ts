// One `usage-delta aggregate` run of the real CLI against OpenSearch through the fault
// proxy (fault-proxy.ts): its exit, its stderr and the documents it wrote (without the
// run's `timestamp`, so that two runs compare).

import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { spawnCli } from "./spawn-cli.js";

export interface ProxiedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** The lines of `--out` (none when it was not written). */
  documents: string[];
}

/** Retries back off a few milliseconds instead of seconds (the same number of retries). */
export const FAST_RETRIES = { USAGE_DELTA_TEST_BACKOFF_MS: "2" };

export async function runThroughProxy(args: readonly string[], out?: string, env: NodeJS.ProcessEnv = FAST_RETRIES): Promise<ProxiedRun> {
  if (out !== undefined) await rm(out, { force: true });
  const cli = spawnCli([...args, ...(out === undefined ? [] : ["--out", out])], { env });
  const { code, signal } = await cli.exited;
  const documents = out !== undefined && existsSync(out) ? withoutTimestamps(await readFile(out, "utf8")) : [];
  return { code, signal, stderr: cli.stderr(), documents };
}

export function withoutTimestamps(ndjson: string): string[] {
  return ndjson
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const { timestamp: _ignored, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    });
}

/** The one line a failed run ends with: the message, no stack trace. */
export function lastLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  return lines[lines.length - 1] ?? "";
}
