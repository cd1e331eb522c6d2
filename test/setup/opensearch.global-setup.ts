/**
 * Vitest global setup: makes two OpenSearch nodes available to the whole test run, a
 * plain one and a secured one (TLS + basic authentication), started in parallel.
 *
 * Plain node:
 * - `OPENSEARCH_URL` set: use that server, start nothing.
 * - otherwise, with `java` and `mvn` on PATH: if a node started by hand with
 *   `scripts/opensearch.sh start` is running, use it (and leave it running); else start a
 *   private node for this run (`OPENSEARCH_INSTANCE=vitest-<pid>`) and stop it in teardown.
 *   A watchdog in the script also stops it if this process dies without a teardown.
 * Secured node: the same, with `OPENSEARCH_SECURE_URL` (see secured-opensearch.ts).
 * - `java` or `mvn` missing: fail when `CI=true`; else skip the OpenSearch tests
 *   (one line on stderr) by providing empty URLs.
 *
 * The plain URL reaches tests through `inject('opensearchUrl')` (see
 * test/support/opensearch.ts) and child processes through `process.env.OPENSEARCH_URL`;
 * the secured node through `inject('securedOpenSearch')`.
 */
import type { TestProject } from "vitest/node";
import { lastLine, missingTools, runScript } from "./opensearch-script.js";
import { givenSecuredNode, NO_SECURED_NODE, startSecuredNode, type SecuredOpenSearch, type StartedSecuredNode } from "./secured-opensearch.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the OpenSearch server for tests; '' when OpenSearch tests are skipped. */
    opensearchUrl: string;
    /** The secured server (https, CA file, admin user); url '' when its tests are skipped. */
    securedOpenSearch: SecuredOpenSearch;
  }
}

interface StartedPlainNode {
  url: string;
  stop: (() => Promise<void>) | undefined;
}

async function startPlainNode(): Promise<StartedPlainNode> {
  // A node started by hand (scripts/opensearch.sh start) is reused and left running.
  const manual = await runScript("status", { ...process.env, OPENSEARCH_INSTANCE: "" }, false);
  if (manual.code === 0 && lastLine(manual.stdout)) {
    const url = lastLine(manual.stdout);
    process.stderr.write(`Using the running OpenSearch at ${url} (started by hand; left running)\n`);
    return { url, stop: undefined };
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENSEARCH_INSTANCE: `vitest-${process.pid}`,
    OPENSEARCH_OWNER_PID: String(process.pid),
  };
  const started = await runScript("start", env, true);
  const url = lastLine(started.stdout);
  if (started.code !== 0 || !/^https?:\/\//.test(url)) {
    throw new Error(`scripts/opensearch.sh start failed (exit ${started.code}); see its output above`);
  }
  const stop = async () => {
    const stopped = await runScript("stop", env, true);
    if (stopped.code !== 0) process.stderr.write(`scripts/opensearch.sh stop failed (exit ${stopped.code})\n`);
  };
  return { url, stop };
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const givenUrl = process.env.OPENSEARCH_URL?.trim().replace(/\/+$/, "");
  const givenSecured = givenSecuredNode(process.env);
  if (givenUrl && givenSecured) {
    project.provide("opensearchUrl", givenUrl);
    project.provide("securedOpenSearch", givenSecured);
    return;
  }

  const missing = await missingTools();
  if (missing.length > 0) {
    if (process.env.CI === "true") {
      throw new Error(`OpenSearch tests must run in CI but java/mvn is missing (not on PATH: ${missing.join(", ")})`);
    }
    process.stderr.write(
      `OpenSearch tests are skipped: ${missing.join(" and ")} not on PATH (set OPENSEARCH_URL and OPENSEARCH_SECURE_URL, or install Java 17 and Maven)\n`,
    );
    project.provide("opensearchUrl", givenUrl ?? "");
    project.provide("securedOpenSearch", givenSecured ?? NO_SECURED_NODE);
    return;
  }

  const [plain, secured] = await Promise.allSettled([
    givenUrl ? Promise.resolve<StartedPlainNode>({ url: givenUrl, stop: undefined }) : startPlainNode(),
    givenSecured ? Promise.resolve<StartedSecuredNode>({ node: givenSecured, stop: undefined }) : startSecuredNode(),
  ]);
  const stops = [plain.status === "fulfilled" ? plain.value.stop : undefined, secured.status === "fulfilled" ? secured.value.stop : undefined].filter(
    (stop) => stop !== undefined,
  );
  const teardown = async () => {
    await Promise.all(stops.map((stop) => stop()));
    delete process.env.OPENSEARCH_URL;
  };
  if (plain.status === "rejected" || secured.status === "rejected") {
    await teardown();
    throw plain.status === "rejected" ? plain.reason : (secured as PromiseRejectedResult).reason;
  }

  process.env.OPENSEARCH_URL = plain.value.url;
  project.provide("opensearchUrl", plain.value.url);
  project.provide("securedOpenSearch", secured.value.node);
  return teardown;
}
