// An incremental run into a file (`--since-bookmark`): the output keeps the days before
// the run and takes the run's documents for the rest, the way the OpenSearch sink
// overwrites by id; by community, then day, as every output.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { byCommunityThenDay, documentId, type UsageDeltaDocument } from "../model/document.js";
import { parseDocumentJson } from "../model/document-json.js";
import { EXIT, UsageDeltaError } from "../model/errors.js";

export async function mergeWithDocumentsFile(path: string, documents: readonly UsageDeltaDocument[]): Promise<UsageDeltaDocument[]> {
  if (!existsSync(path)) return [...documents];
  const replaced = new Set(documents.map(documentId));
  const kept: UsageDeltaDocument[] = [];
  const lines = (await readFile(path, "utf8")).split("\n");
  lines.forEach((line, n) => {
    if (line === "") return;
    let document: UsageDeltaDocument;
    try {
      document = parseDocumentJson(line);
    } catch {
      throw new UsageDeltaError(
        "INPUT_INVALID",
        `${path} line ${n + 1}: not a document (the output of an earlier run is needed to add to it)`,
        EXIT.invalidInput,
      );
    }
    if (!replaced.has(documentId(document))) kept.push(document);
  });
  return [...kept, ...documents].sort(byCommunityThenDay);
}
