// NDJSON sink: one document per line, in the order given (community, then day).

import type { UsageDeltaDocument } from "../model/document.js";
import { documentJson } from "../model/document-json.js";
import { openLineWriter } from "./ndjson-file.js";

export async function writeDocumentsNdjson(path: string, documents: readonly UsageDeltaDocument[]): Promise<void> {
  const writer = openLineWriter(path);
  try {
    for (const document of documents) await writer.write(documentJson(document));
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
