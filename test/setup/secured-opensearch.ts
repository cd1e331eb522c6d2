/**
 * The secured OpenSearch node of the global setup (TLS + basic authentication, see
 * scripts/opensearch-security.sh), started next to the plain one.
 *
 * - `OPENSEARCH_SECURE_URL` set: use that server with `OPENSEARCH_SECURE_CA` (PEM file of
 *   its CA), `OPENSEARCH_SECURE_USER` (default `admin`, who must be able to manage users and
 *   roles through the security REST API) and `OPENSEARCH_SECURE_PASSWORD`; start nothing.
 *   `OPENSEARCH_SECURE_URL=skip` skips the secured-cluster tests (not allowed when CI=true).
 * - otherwise: reuse a secured node started by hand (`OPENSEARCH_SECURITY=1
 *   scripts/opensearch.sh start`), else start a private one for this run with a random
 *   admin password, stopped in teardown (and by the script's watchdog if this process dies).
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { lastLine, repoRoot, runScript } from "./opensearch-script.js";

export interface SecuredOpenSearch {
  url: string;
  caFile: string;
  user: string;
  password: string;
}

export const NO_SECURED_NODE: SecuredOpenSearch = { url: "", caFile: "", user: "", password: "" };

/** The default admin password of scripts/opensearch-security.sh (a node started by hand). */
const SCRIPT_DEFAULT_PASSWORD = "usage-delta-Test-9f3c";

/** A node given through the environment, NO_SECURED_NODE for `skip`, undefined if none. */
export function givenSecuredNode(env: NodeJS.ProcessEnv): SecuredOpenSearch | undefined {
  const url = env.OPENSEARCH_SECURE_URL?.trim();
  if (!url) return undefined;
  if (url === "skip") {
    if (env.CI === "true") throw new Error("OPENSEARCH_SECURE_URL=skip: the secured-cluster tests must run in CI");
    process.stderr.write("Secured-cluster tests are skipped (OPENSEARCH_SECURE_URL=skip)\n");
    return NO_SECURED_NODE;
  }
  const caFile = env.OPENSEARCH_SECURE_CA?.trim() ?? "";
  const password = env.OPENSEARCH_SECURE_PASSWORD ?? "";
  if (!caFile || !password) {
    throw new Error("OPENSEARCH_SECURE_URL needs OPENSEARCH_SECURE_CA (PEM file) and OPENSEARCH_SECURE_PASSWORD");
  }
  return { url: url.replace(/\/+$/, ""), caFile, user: env.OPENSEARCH_SECURE_USER || "admin", password };
}

export interface StartedSecuredNode {
  node: SecuredOpenSearch;
  stop: (() => Promise<void>) | undefined;
}

/** Reuses a node started by hand or starts a private one; throws when it cannot start. */
export async function startSecuredNode(): Promise<StartedSecuredNode> {
  const manualEnv = { ...process.env, OPENSEARCH_SECURITY: "1", OPENSEARCH_INSTANCE: "" };
  const manual = await runScript("status", manualEnv, false);
  if (manual.code === 0 && lastLine(manual.stdout)) {
    const url = lastLine(manual.stdout);
    process.stderr.write(`Using the running secured OpenSearch at ${url} (started by hand; left running)\n`);
    const password = process.env.OPENSEARCH_ADMIN_PASSWORD || SCRIPT_DEFAULT_PASSWORD;
    const caFile = join(repoRoot, ".cache", "opensearch", "run-secure", "root-ca.pem");
    return { node: { url, caFile, user: "admin", password }, stop: undefined };
  }

  const instance = `vitest-${process.pid}`;
  const password = `ud-${randomBytes(12).toString("base64url")}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENSEARCH_SECURITY: "1",
    OPENSEARCH_INSTANCE: instance,
    OPENSEARCH_OWNER_PID: String(process.pid),
    OPENSEARCH_ADMIN_PASSWORD: password,
  };
  const started = await runScript("start", env, true);
  const url = lastLine(started.stdout);
  if (started.code !== 0 || !/^https:\/\//.test(url)) {
    throw new Error(`OPENSEARCH_SECURITY=1 scripts/opensearch.sh start failed (exit ${started.code}); see its output above`);
  }
  const caFile = join(repoRoot, ".cache", "opensearch", "run-secure", "instances", instance, "root-ca.pem");
  const stop = async () => {
    const stopped = await runScript("stop", env, true);
    if (stopped.code !== 0) process.stderr.write(`secured OpenSearch: scripts/opensearch.sh stop failed (exit ${stopped.code})\n`);
  };
  return { node: { url, caFile, user: "admin", password }, stop };
}
