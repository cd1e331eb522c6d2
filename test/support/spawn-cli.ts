// The built CLI as a child process that a test can watch and signal: wait for a line on
// stderr, send SIGINT or SIGKILL, collect the exit (once stderr is complete: the run summary
// it ends with is held to the accounting identity, accounting.ts).

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { assertSummaryAccounting } from "./accounting.js";
import { CLI, TEST_ENV } from "./run-cli.js";

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  /** Resolves when stderr matches (or rejects when the process ends first or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: "pipe", env: { ...process.env, ...TEST_ENV, ...options.env } });
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  child.stdout.resume();
  const exited = (once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>).then(([code, signal]) => {
    assertSummaryAccounting(stderr, args.join(" "));
    return { code, signal };
  });
  return {
    child,
    stderr: () => stderr,
    async waitFor(pattern, timeoutMs = 60_000) {
      for (let waited = 0; !pattern.test(stderr); waited += 20) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the CLI ended before ${pattern}: ${stderr}`);
        if (waited > timeoutMs) throw new Error(`no ${pattern} after ${timeoutMs} ms: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    exited,
  };
}
