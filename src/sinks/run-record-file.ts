// The file sink's run record: the report of the last run that held the output's lock
// (`<out>.last-run.json`, replaced atomically), for `usage-delta status`.

import { readFile } from "node:fs/promises";
import { writeTextFile } from "./output-file.js";

export function runRecordPathFor(outPath: string): string {
  return `${outPath}.last-run.json`;
}

export async function writeRunRecordFile(outPath: string, record: object): Promise<void> {
  await writeTextFile(runRecordPathFor(outPath), JSON.stringify(record, null, 2), "the run record");
}

/** The last run's record, or undefined when there is none (or it is unreadable: status says so). */
export async function readRunRecordFile(outPath: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value = JSON.parse(await readFile(runRecordPathFor(outPath), "utf8")) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
