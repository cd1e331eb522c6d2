// The OpenSearch sink as a command runs it: write the documents (or, in a dry run, say
// where they would go); once the report is printed and the bookmarks moved, the run fails
// when any document was not written (exit 130 when Ctrl-C cut it short).

import type { Client } from "@opensearch-project/opensearch";
import type { UsageDeltaDocument } from "../model/document.js";
import { EXIT, UsageDeltaError } from "../model/errors.js";
import { pauseForTest } from "../model/test-pause.js";
import { isRetryableStatus } from "../opensearch/retry-policy.js";
import { writeDocumentsOpenSearch, type OpenSearchSinkOptions, type OpenSearchSinkReport } from "./opensearch-documents.js";

export async function runOpenSearchSink(client: Client | undefined, documents: readonly UsageDeltaDocument[], options: OpenSearchSinkOptions): Promise<OpenSearchSinkReport> {
  await pauseForTest("write", options.bulk?.signal);
  return writeDocumentsOpenSearch(client, documents, options);
}

/** The error that ends a run whose documents were not all written, if any. */
export function openSearchSinkFailure(report: OpenSearchSinkReport): UsageDeltaError | undefined {
  if (report.notSent > 0) {
    const done = report.documents - report.notSent;
    return new UsageDeltaError("INTERRUPTED", `interrupted while writing to OpenSearch: ${done.toLocaleString("en")} of ${report.documents.toLocaleString("en")} documents sent; bookmarks moved only as far as written`, EXIT.interrupted);
  }
  if (report.failed > 0) {
    // Refused for good (a mapping conflict, ...) is 1; still busy or failing after every retry (429, 5xx) is "unavailable".
    const busy = report.failures.length > 0 && report.failures.every((f) => isRetryableStatus(f.status));
    const why = busy ? `: OpenSearch was unavailable (HTTP ${report.failures[0].status}) through every retry` : "";
    return new UsageDeltaError("OPENSEARCH", `${report.failed.toLocaleString("en")} of ${report.documents.toLocaleString("en")} documents were not written to OpenSearch (listed above)${why}`, busy ? EXIT.unavailable : EXIT.failure);
  }
  return undefined;
}
