/**
 * Runs scripts/opensearch.sh for the OpenSearch global setup (the plain node and the
 * secured one): `start`, `stop`, `status`, with the environment given.
 */
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const script = join(repoRoot, "scripts", "opensearch.sh");

export async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      await access(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** The tools the script needs that are not on PATH ([] when it can run). */
export async function missingTools(): Promise<string[]> {
  const missing: string[] = [];
  if (!(await onPath("java"))) missing.push("java");
  if (!(await onPath("mvn"))) missing.push("mvn");
  return missing;
}

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runScript(command: "start" | "stop" | "status", env: NodeJS.ProcessEnv, echoStderr: boolean): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile("bash", [script, command], { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin?.end();
    if (echoStderr) child.stderr?.pipe(process.stderr);
  });
}

export function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return (lines[lines.length - 1] ?? "").trim();
}
