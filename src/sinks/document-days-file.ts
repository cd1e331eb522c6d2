// The days each community has a document for in an NDJSON output, for `status`. Our own
// lines start with community_id and period_start, read without parsing the rest; any
// other line is parsed whole.

import { createReadStream, existsSync } from "node:fs";
import { parseDayString } from "../model/day.js";
import { EXIT, UsageDeltaError } from "../model/errors.js";

const HEAD = /^\{"community_id":("(?:[^"\\]|\\.)*"),"period_start":"(\d{4}-\d{2}-\d{2})/;

/** Community id -> day numbers with a document; empty when the file does not exist. */
export async function readDocumentDaysFile(path: string): Promise<Map<string, number[]>> {
  const days = new Map<string, number[]>();
  if (!existsSync(path)) return days;
  const { createInterface } = await import("node:readline"); // for the runs that read an earlier output only
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    n++;
    if (line === "") continue;
    const [community, day] = lineKey(line, path, n);
    let list = days.get(community);
    if (list === undefined) days.set(community, (list = []));
    list.push(parseDayString(day));
  }
  return days;
}

function lineKey(line: string, path: string, n: number): [string, string] {
  const head = HEAD.exec(line);
  if (head !== null) return [JSON.parse(head[1]) as string, head[2]];
  try {
    const document = JSON.parse(line) as { community_id?: unknown; period_start?: unknown };
    if (typeof document.community_id === "string" && typeof document.period_start === "string")
      return [document.community_id, document.period_start.slice(0, 10)];
  } catch {
    // not JSON: the message below
  }
  throw new UsageDeltaError("INPUT_INVALID", `${path} line ${n}: not a usage-delta document`, EXIT.invalidInput);
}
