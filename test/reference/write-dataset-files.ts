// Reference helper: writes a ReferenceInput as the four NDJSON files the engine reads, so
// engine tests run on exactly the data the reference saw.

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ReferenceInput } from "./reference-types.js";

/** Lines joined with "\n" plus a trailing newline; no lines -> an empty file. */
function ndjsonText(lines: string[]): string {
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** `views.ndjson`, `downloads.ndjson` (raw lines as given), `records.ndjson`, `membership.ndjson` (one JSON.stringify per line). */
export async function writeDatasetFiles(input: ReferenceInput, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "views.ndjson"), ndjsonText(input.views));
  await writeFile(join(dir, "downloads.ndjson"), ndjsonText(input.downloads));
  await writeFile(join(dir, "records.ndjson"), ndjsonText(input.records.map((record) => JSON.stringify(record))));
  await writeFile(join(dir, "membership.ndjson"), ndjsonText(input.membership.map((event) => JSON.stringify(event))));
}
