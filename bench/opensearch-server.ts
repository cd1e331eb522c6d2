// Bench: the OpenSearch the search backend and the `--source opensearch` rows need. Uses
// $OPENSEARCH_URL when set; else starts a node of its own with scripts/opensearch.sh
// (instance `usage-delta-bench`) and stops it at the end, unless it was already running.

import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const SCRIPT = "scripts/opensearch.sh";
const INSTANCE = "usage-delta-bench";

export interface OpenSearchServer {
  url: string;
  version: string;
  /** JVM heap the server is allowed (sum over nodes), bytes. */
  heapMaxBytes: number;
  /** True when the bench started the node (and so stops it). */
  started: boolean;
  stop(): Promise<void>;
}

export async function ensureOpenSearch(log: (line: string) => void): Promise<OpenSearchServer> {
  const external = process.env.OPENSEARCH_URL;
  if (external !== undefined && external !== "") return describe(external.replace(/\/$/, ""), false);
  const env = { ...process.env, OPENSEARCH_INSTANCE: INSTANCE, OPENSEARCH_OWNER_PID: String(process.pid) };
  const running = await run("bash", [SCRIPT, "status"], { env }).then(
    () => true,
    () => false,
  );
  log(running ? `reusing the running OpenSearch instance ${INSTANCE}` : `starting OpenSearch (instance ${INSTANCE}) with ${SCRIPT}`);
  const { stdout } = await run("bash", [SCRIPT, "start"], { env, maxBuffer: 1 << 20 });
  const url = stdout.trim().split("\n").pop()!.trim();
  const server = await describe(url, !running);
  if (!running) {
    server.stop = async () => {
      log("stopping the bench's OpenSearch");
      await run("bash", [SCRIPT, "stop"], { env }).catch((error: Error) => log(`stop failed: ${error.message}`));
    };
  }
  return server;
}

async function describe(url: string, started: boolean): Promise<OpenSearchServer> {
  const root = (await getJson(url, "/")) as { version?: { number?: string } };
  const stats = await jvmStats(url);
  return { url, version: root.version?.number ?? "unknown", heapMaxBytes: stats.max, started, stop: async () => {} };
}

async function getJson(url: string, path: string, method = "GET"): Promise<unknown> {
  const response = await fetch(`${url}${path}`, { method, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`OpenSearch ${method} ${path}: HTTP ${response.status}`);
  return response.json();
}

async function jvmStats(url: string): Promise<{ used: number; max: number }> {
  const body = (await getJson(url, "/_nodes/stats/jvm")) as {
    nodes: Record<string, { jvm: { mem: { heap_used_in_bytes: number; heap_max_in_bytes: number } } }>;
  };
  let used = 0,
    max = 0;
  for (const node of Object.values(body.nodes)) {
    used += node.jvm.mem.heap_used_in_bytes;
    max += node.jvm.mem.heap_max_in_bytes;
  }
  return { used, max };
}

/** Heap in use now (sum over nodes), for sampling while a run goes on. */
export async function heapUsedBytes(url: string): Promise<number> {
  return (await jvmStats(url)).used;
}

/** Deletes the indices of one loaded dataset (`prefix*`). */
export async function deleteIndices(url: string, prefix: string): Promise<void> {
  await getJson(url, `/${encodeURIComponent(prefix)}*?expand_wildcards=all`, "DELETE").catch(() => undefined);
}
