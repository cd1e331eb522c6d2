// One search request whose answer is kept as bytes, copied once into shared memory: the
// workers parse the hits (a `search-hits` chunk), the coordinator only peeks at them
// (search-response-bytes.ts). An error status, a failed shard or a timeout is an error.

import type { Readable } from "node:stream";
import type { Client } from "@opensearch-project/opensearch";
import { acquireSharedBytes } from "../columnar/shared-byte-pool.js";
import { OpenSearchError, responseError, toOpenSearchError, type OpenSearchTarget } from "./opensearch-errors.js";
import { displayUrl } from "./client.js";
import { incompletePage, searchHeader } from "./search-response-bytes.js";

/** POSTs `body` to `path` (`/_search` for a point-in-time search); the answer's bytes. */
export async function searchRaw(client: Client, body: object, target: OpenSearchTarget, path = "/_search"): Promise<Uint8Array> {
  let bytes: Uint8Array;
  let status: number;
  try {
    const response = await client.transport.request({ method: "POST", path, body }, { asStream: true });
    status = response.statusCode ?? 200;
    bytes = await readShared(response.body as Readable, Number(response.headers?.["content-length"] ?? NaN));
  } catch (error) {
    throw toOpenSearchError(error, target);
  }
  if (status >= 300) throw responseError(status, parseOrText(bytes), target);
  const incomplete = incompletePage(searchHeader(bytes));
  if (incomplete !== undefined) {
    throw new OpenSearchError("refused", `OpenSearch at ${displayUrl(target.url)} answered a search on ${target.index ?? "?"} only in part: ${incomplete}`, target.index);
  }
  return bytes;
}

/**
 * The whole body in shared memory (a pooled buffer: the engine gives it back once the
 * chunk is encoded): one copy, two when the length is not announced.
 */
async function readShared(stream: Readable, announcedBytes: number): Promise<Uint8Array> {
  if (Number.isSafeInteger(announcedBytes) && announcedBytes >= 0) {
    const bytes = acquireSharedBytes(announcedBytes);
    // Buffer#copy is a memcpy; TypedArray#set into shared memory can take a slow path.
    const target = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    for await (const piece of stream as AsyncIterable<Buffer>) {
      if (offset + piece.length > target.length) throw new Error(`response longer than its content-length (${announcedBytes} bytes)`);
      offset += piece.copy(target, offset);
    }
    if (offset !== target.length) throw new Error(`response ended after ${offset} of ${announcedBytes} bytes`);
    return bytes;
  }
  const whole = Buffer.concat(await collect(stream));
  const bytes = acquireSharedBytes(whole.length);
  whole.copy(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return bytes;
}

async function collect(stream: Readable): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  for await (const piece of stream as AsyncIterable<Buffer>) pieces.push(piece);
  return pieces;
}

function parseOrText(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
