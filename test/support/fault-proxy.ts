// A fault-injecting HTTP proxy of our own in front of the test OpenSearch, on 127.0.0.1
// and a free port, scripted per test: the nth request matching a pattern gets an error
// status, a reset connection, a body cut half way, a delay, an expired point in time, or
// the proxy goes down (connections refused) for a while. Everything else is passed
// through unchanged. It stops by itself after `lifetimeMs` and never keeps a test
// process alive.
//
//   const proxy = await startFaultProxy(opensearchUrl());
//   proxy.script({ match: /^POST \/_search/, nth: 3, fault: { status: 503 } });
//   spawnCli([..., "--os-url", proxy.url]);  ...  proxy.requests (what went through)

import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type Fault =
  | { status: number; body?: unknown }
  /** Close the connection without an answer. */
  | { reset: true }
  /** Pass the request on, send the answer's headers and half its body, then close. */
  | { cut: true }
  /** Wait, then pass the request on. */
  | { delayMs: number }
  /** Refuse every connection (the port is closed) for this long; this request is reset. */
  | { downMs: number }
  /** Answer as OpenSearch does for a search through an expired (or closed) point in time. */
  | { pitExpired: true };

export interface FaultRule {
  /** Tested against `METHOD /path?query`. */
  match: RegExp;
  /** The first matching request to fault (1-based; default 1). */
  nth?: number;
  /** How many matching requests from the nth on (default 1; Infinity: all). */
  times?: number;
  fault: Fault;
}

export interface ProxiedRequest {
  /** `METHOD /path?query`. */
  line: string;
  /** The fault applied, if any (its kind). */
  fault?: string;
}

export interface FaultProxy {
  url: string;
  /** Replaces the script (and restarts the counts of matching requests). */
  script(...rules: FaultRule[]): void;
  /** Every request seen, in arrival order. */
  readonly requests: ProxiedRequest[];
  /** Requests seen so far that match. */
  count(match: RegExp): number;
  /** Ends an outage (`downMs`) now. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The answer of OpenSearch 2.19 to a search whose point in time was closed or expired
 * (recorded from the test node: open a point in time, close it, search through it).
 */
export const PIT_EXPIRED_ANSWER = {
  status: 404,
  body: {
    error: {
      root_cause: [{ type: "search_context_missing_exception", reason: "No search context found for id [13]" }],
      type: "search_phase_execution_exception",
      reason: "all shards failed",
      phase: "query",
      grouped: true,
      failed_shards: [
        {
          shard: 0,
          index: "events",
          node: "8x-b6l91SmKHP-cBAanhYA",
          reason: { type: "search_context_missing_exception", reason: "No search context found for id [13]" },
        },
      ],
      caused_by: { type: "search_context_missing_exception", reason: "No search context found for id [13]" },
    },
    status: 404,
  },
} as const;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export async function startFaultProxy(target: string, lifetimeMs = 10 * 60_000): Promise<FaultProxy> {
  const upstream = new URL(target);
  if (!LOOPBACK.has(upstream.hostname)) throw new Error(`the fault proxy only fronts a loopback server, not ${upstream.hostname}`);
  let rules: { rule: FaultRule; seen: number }[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let downUntil = 0;

  const pickFault = (line: string): Fault | undefined => {
    for (const entry of rules) {
      if (!entry.rule.match.test(line)) continue;
      entry.seen++;
      const first = entry.rule.nth ?? 1;
      if (entry.seen >= first && entry.seen < first + (entry.rule.times ?? 1)) return entry.rule.fault;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const line = `${req.method} ${req.url}`;
    const fault = pickFault(line);
    requests.push({ line, fault: fault === undefined ? undefined : Object.keys(fault)[0] });
    if (fault === undefined) return pass(req, body, res);
    if ("status" in fault)
      return answer(res, fault.status, fault.body ?? { error: { type: "injected", reason: `injected HTTP ${fault.status}` }, status: fault.status });
    if ("pitExpired" in fault) return answer(res, PIT_EXPIRED_ANSWER.status, PIT_EXPIRED_ANSWER.body);
    if ("reset" in fault) return void req.socket.destroy();
    if ("delayMs" in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
      return pass(req, body, res);
    }
    if ("downMs" in fault) return goDown(fault.downMs);
    return pass(req, body, res, true);
  };

  const pass = (req: IncomingMessage, body: Buffer, res: ServerResponse, cut = false) => {
    const headers = { ...req.headers, host: upstream.host };
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      readAll(answer).then(
        (bytes) => {
          const outHeaders = { ...answer.headers, "content-length": String(bytes.length) };
          delete outHeaders["transfer-encoding"];
          res.writeHead(answer.statusCode ?? 502, outHeaders);
          if (!cut) return void res.end(bytes);
          res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
        },
        () => req.socket.destroy(),
      );
    });
    forward.on("error", () => req.socket.destroy());
    forward.end(body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("connection", (socket: Socket) => {
    // While down, a connection that got in before the port closed is dropped too.
    if (Date.now() < downUntil) return void socket.destroy();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await listen(server, 0);
  const port = (server.address() as { port: number }).port;

  let outage: NodeJS.Timeout | undefined;
  const goUp = async () => {
    clearTimeout(outage);
    outage = undefined;
    downUntil = 0;
    if (!stopped && !server.listening) await listen(server, port);
  };
  const goDown = (ms: number) => {
    downUntil = Date.now() + ms;
    server.close();
    for (const socket of sockets) socket.destroy();
    outage = setTimeout(() => void goUp(), ms);
    outage.unref();
  };

  let stopped = false;
  const close = async () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(lifetime);
    clearTimeout(outage);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const lifetime = setTimeout(() => void close(), lifetimeMs);
  lifetime.unref();
  server.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    script(...next) {
      rules = next.map((rule) => ({ rule, seen: 0 }));
    },
    requests,
    count: (match) => requests.filter((r) => match.test(r.line)).length,
    up: goUp,
    close,
  };
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece);
  return Buffer.concat(pieces);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}
