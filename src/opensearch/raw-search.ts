// One search request whose answer is kept as bytes, copied once into shared memory: the
// workers parse the hits (a `search-hits` chunk), the coordinator only peeks at them
// (search-response-bytes.ts). An error status, a failed shard or a timeout is an error
// (partial-answer.ts); no answer, a cut answer, 429, 5xx and a busy shard are retried
// (retry-request.ts).

import type { Readable } from "node:stream";
import type { Client } from "@opensearch-project/opensearch";
import { acquireSharedBytes, releaseSharedBytes } from "../columnar/shared-byte-pool.js";
import { cutShort, responseError, type OpenSearchTarget } from "./opensearch-errors.js";
import { NO_CLIENT_RETRY, retryOpenSearch } from "./retry-request.js";
import { partialAnswerError } from "./partial-answer.js";
import { searchHeader } from "./search-response-bytes.js";

/** POSTs `body` to `path` (`/_search` for a point-in-time search); the answer's bytes. */
export function searchRaw(client: Client, body: object, target: OpenSearchTarget, path = "/_search"): Promise<Uint8Array> {
  return retryOpenSearch(target, () => searchOnce(client, body, target, path));
}

async function searchOnce(client: Client, body: object, target: OpenSearchTarget, path: string): Promise<Uint8Array> {
  const response = await client.transport.request({ method: "POST", path, body }, { ...NO_CLIENT_RETRY, asStream: true });
  const status = response.statusCode ?? 200;
  const bytes = await readShared(response.body as Readable, Number(response.headers?.["content-length"] ?? NaN), target);
  if (status >= 300) {
    const answer = parseOrText(bytes);
    releaseSharedBytes(bytes);
    throw responseError(status, answer, target);
  }
  const partial = partialAnswerError(searchHeader(bytes), target);
  if (partial !== undefined) {
    releaseSharedBytes(bytes);
    throw partial;
  }
  return bytes;
}

/**
 * The whole body in shared memory (a pooled buffer: the engine gives it back once the
 * chunk is encoded): one copy, two when the length is not announced.
 */
async function readShared(stream: Readable, announcedBytes: number, where: OpenSearchTarget): Promise<Uint8Array> {
  if (Number.isSafeInteger(announcedBytes) && announcedBytes >= 0) {
    const bytes = acquireSharedBytes(announcedBytes);
    // Buffer#copy is a memcpy; TypedArray#set into shared memory can take a slow path.
    const target = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 0;
    try {
      for await (const piece of stream as AsyncIterable<Buffer>) {
        if (offset + piece.length > target.length) throw new Error(`the answer is longer than its content-length (${announcedBytes} bytes)`);
        offset += piece.copy(target, offset);
      }
      if (offset !== target.length) throw new Error(`the answer broke off after ${offset} of ${announcedBytes} bytes`);
    } catch (error) {
      releaseSharedBytes(bytes);
      throw cutShort(
        where,
        error instanceof Error && error.message.startsWith("the answer") ? error.message : `the answer broke off after ${offset} of ${announcedBytes} bytes`,
      );
    }
    return bytes;
  }
  const whole = Buffer.concat(await collect(stream, where));
  const bytes = acquireSharedBytes(whole.length);
  whole.copy(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return bytes;
}

async function collect(stream: Readable, where: OpenSearchTarget): Promise<Buffer[]> {
  const pieces: Buffer[] = [];
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) pieces.push(piece);
  } catch {
    throw cutShort(where, "the answer broke off");
  }
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
