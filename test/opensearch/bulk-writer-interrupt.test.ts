// Ctrl-C while the OpenSearch sink writes: the bulk writer stops between requests (no
// server needed: the requests go to a stand-in that answers like `_bulk`), and the
// documents not sent are the last ones, which the bookmarks must not pass.

import { describe, expect, it } from "vitest";
import { notWrittenIds } from "../../src/sinks/opensearch-sink.js";
import type { BulkSend } from "../../src/opensearch/bulk-send.js";
import { writeBulk } from "../../src/opensearch/bulk-writer.js";
import type { OpenSearchSinkReport } from "../../src/sinks/opensearch-documents.js";
import type { UsageDeltaDocument } from "../../src/model/document.js";

const operations = Array.from({ length: 10 }, (_, i) => ({ index: "idx", id: `doc-${i}`, source: `{"n":${i}}` }));
const itemsFor = (ndjson: string, status: number) => ({
  items: ndjson
    .trim()
    .split("\n")
    .filter((_, i) => i % 2 === 0)
    .map(() => ({ index: { status } })),
});

describe("bulk writer, interrupted", () => {
  it("stops between requests: the answered ones stand, the rest are not sent", async () => {
    const controller = new AbortController();
    const sent: number[] = [];
    const send: BulkSend = async (ndjson) => {
      sent.push(ndjson.trim().split("\n").length / 2);
      if (sent.length === 2) controller.abort("interrupt"); // Ctrl-C while the second request is out
      return { statusCode: 200, body: itemsFor(ndjson, 201) };
    };
    const oneLine = Buffer.byteLength(`${JSON.stringify({ index: { _index: "idx", _id: "doc-0" } })}\n{"n":0}\n`);
    const report = await writeBulk(send, operations, { maxBatchBytes: 3 * oneLine, signal: controller.signal, sleep: async () => {} });
    expect(sent).toEqual([3, 3]);
    expect(report).toMatchObject({ succeeded: 6, failed: 0, notSent: 4, requests: 2 });
  });

  it("a retry cut short is a failure of the documents waiting for it", async () => {
    const controller = new AbortController();
    const send: BulkSend = async (ndjson) => {
      controller.abort("interrupt");
      return { statusCode: 200, body: itemsFor(ndjson, 429) };
    };
    const report = await writeBulk(send, operations.slice(0, 2), { signal: controller.signal, sleep: async () => {} });
    expect(report).toMatchObject({ succeeded: 0, failed: 2, notSent: 0, requests: 1 });
    expect(report.failures.map((f) => f.reason)).toEqual(["interrupted before its retry", "interrupted before its retry"]);
  });

  it("bookmarks: the documents not sent are the last ones in write order", () => {
    const documents = ["a", "b", "c", "d"].map((community) => ({ community_id: community, period_start: "2025-01-01T00:00:00" }) as UsageDeltaDocument);
    const report = { failed: 1, failures: [{ index: "i", id: "a-2025-01-01", status: 400, reason: "refused" }], notSent: 2 } as OpenSearchSinkReport;
    expect([...notWrittenIds(report, documents)].sort()).toEqual(["a-2025-01-01", "c-2025-01-01", "d-2025-01-01"]);
  });
});
