// Bookmarks of the file sink: a small JSON state file next to the output
// (`<out>.bookmarks.json`), replaced atomically (temporary name, then rename), so a run
// killed while writing it leaves the previous bookmarks.

import { readFile } from "node:fs/promises";
import { EXIT, UsageDeltaError } from "../model/errors.js";
import { BOOKMARK_AGGREGATION, type BookmarkStore, type Bookmarks } from "./bookmark-store.js";
import { writeTextFile } from "./output-file.js";

interface BookmarkFile {
  aggregation_type: string;
  /** Community id -> last complete day written. */
  bookmarks: Record<string, string>;
}

export function bookmarksPathFor(outPath: string): string {
  return `${outPath}.bookmarks.json`;
}

export function fileBookmarkStore(path: string, aggregation = BOOKMARK_AGGREGATION): BookmarkStore {
  const read = async (): Promise<Map<string, string>> => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
      throw error;
    }
    return parseBookmarkFile(text, path, aggregation);
  };
  return {
    location: path,
    read,
    async write(moved: Bookmarks, replace = false) {
      const all = replace ? new Map<string, string>() : await read();
      for (const [community, day] of moved) all.set(community, day);
      const file: BookmarkFile = { aggregation_type: aggregation, bookmarks: Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : 1))) };
      await writeTextFile(path, JSON.stringify(file, null, 2), "the bookmarks");
    },
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseBookmarkFile(text: string, path: string, aggregation: string): Map<string, string> {
  const broken = (why: string) => new UsageDeltaError("INPUT_INVALID", `bookmark file ${path}: ${why} (remove it to start over)`, EXIT.invalidInput);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw broken("not JSON");
  }
  const file = value as Partial<BookmarkFile> | null;
  if (typeof file !== "object" || file === null || typeof file.bookmarks !== "object" || file.bookmarks === null) throw broken("no bookmarks object");
  // Another aggregation's state file: not ours to read.
  if (file.aggregation_type !== aggregation) throw broken(`it holds bookmarks of ${String(file.aggregation_type)}, not ${aggregation}`);
  const bookmarks = new Map<string, string>();
  for (const [community, day] of Object.entries(file.bookmarks)) {
    if (typeof day !== "string" || !DAY.test(day)) throw broken(`the bookmark of ${community} is not a day (YYYY-MM-DD)`);
    bookmarks.set(community, day);
  }
  return bookmarks;
}
