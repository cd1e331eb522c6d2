/**
 * Vitest global setup: makes one OpenSearch node available to the whole test run.
 *
 * - `OPENSEARCH_URL` set: use that server, start nothing.
 * - otherwise, with `java` and `mvn` on PATH: if a node started by hand with
 *   `scripts/opensearch.sh start` is running, use it (and leave it running); else start a
 *   private node for this run (`OPENSEARCH_INSTANCE=vitest-<pid>`) and stop it in teardown.
 *   A watchdog in the script also stops it if this process dies without a teardown.
 * - `java` or `mvn` missing: fail when `CI=true`; else skip the OpenSearch tests
 *   (one line on stderr) by providing an empty URL.
 *
 * The URL reaches tests through `inject('opensearchUrl')` (see test/support/opensearch.ts)
 * and child processes through `process.env.OPENSEARCH_URL`.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the OpenSearch server for tests; '' when OpenSearch tests are skipped. */
    opensearchUrl: string;
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(repoRoot, 'scripts', 'opensearch.sh');

async function onPath(command: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
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

interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runScript(
  command: 'start' | 'stop' | 'status',
  env: NodeJS.ProcessEnv,
  echoStderr: boolean,
): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      'bash',
      [script, command],
      { cwd: repoRoot, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
    if (echoStderr) child.stderr?.pipe(process.stderr);
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.OPENSEARCH_URL?.trim();
  if (given) {
    project.provide('opensearchUrl', given.replace(/\/+$/, ''));
    return;
  }

  const missing: string[] = [];
  if (!(await onPath('java'))) missing.push('java');
  if (!(await onPath('mvn'))) missing.push('mvn');
  if (missing.length > 0) {
    if (process.env.CI === 'true') {
      throw new Error(
        `OpenSearch tests must run in CI but java/mvn is missing (not on PATH: ${missing.join(', ')})`,
      );
    }
    process.stderr.write(
      `OpenSearch tests are skipped: ${missing.join(' and ')} not on PATH (set OPENSEARCH_URL or install Java 17 and Maven)\n`,
    );
    project.provide('opensearchUrl', '');
    return;
  }

  // A node started by hand (scripts/opensearch.sh start) is reused and left running.
  const manual = await runScript('status', { ...process.env, OPENSEARCH_INSTANCE: '' }, false);
  if (manual.code === 0 && lastLine(manual.stdout)) {
    const url = lastLine(manual.stdout);
    process.stderr.write(`Using the running OpenSearch at ${url} (started by hand; left running)\n`);
    process.env.OPENSEARCH_URL = url;
    project.provide('opensearchUrl', url);
    return;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENSEARCH_INSTANCE: `vitest-${process.pid}`,
    OPENSEARCH_OWNER_PID: String(process.pid),
  };
  const started = await runScript('start', env, true);
  const url = lastLine(started.stdout);
  if (started.code !== 0 || !/^https?:\/\//.test(url)) {
    throw new Error(`scripts/opensearch.sh start failed (exit ${started.code}); see its output above`);
  }
  process.env.OPENSEARCH_URL = url;
  project.provide('opensearchUrl', url);

  return async () => {
    const stopped = await runScript('stop', env, true);
    if (stopped.code !== 0) {
      process.stderr.write(`scripts/opensearch.sh stop failed (exit ${stopped.code})\n`);
    }
    delete process.env.OPENSEARCH_URL;
  };
}
