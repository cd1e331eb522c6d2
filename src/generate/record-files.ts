// The files of one synthetic record version: keys unique within the record, sizes spread
// over orders of magnitude per kind. Downloads pick from these, so `file_key`, `file_id`
// and `size` on a download always match the record.

import { FILE_KINDS } from "./file-kinds.js";
import { makeUuid } from "./ids.js";
import type { Random } from "./random.js";
import type { FileEntryDocument, RecordFiles } from "./shapes.js";
import { samplerOf } from "./weighted-sampler.js";

export interface FileInfo {
  key: string;
  ext: string;
  size: number;
  mimetype: string;
  fileId: string;
}

const KIND_SAMPLER = samplerOf(FILE_KINDS);

export function generateFiles(rng: Random, count: number): FileInfo[] {
  const files: FileInfo[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < count; i++) {
    const kind = FILE_KINDS[KIND_SAMPLER.sample(rng)];
    let key = rng.pick(kind.keys);
    if (keys.has(key)) key = `${i + 1}_${key}`;
    keys.add(key);
    const size = Math.floor(rng.logUniform(kind.minBytes, kind.maxBytes));
    files.push({ key, ext: kind.ext, size, mimetype: kind.mimetype, fileId: makeUuid(rng) });
  }
  return files;
}

/**
 * The record's `files` field. Most records list `entries`; some (older serializations)
 * only `types`, so consumers must handle both.
 */
export function filesDocument(files: FileInfo[], typesOnly: boolean): RecordFiles {
  if (files.length === 0) return { enabled: false };
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  if (typesOnly) {
    const types = [...new Set(files.map((file) => file.ext))].sort();
    return { enabled: true, types, count: files.length, total_bytes: totalBytes };
  }
  const entries: Record<string, FileEntryDocument> = {};
  for (const file of files) {
    entries[file.key] = { key: file.key, ext: file.ext, size: file.size, mimetype: file.mimetype, file_id: file.fileId };
  }
  return { enabled: true, entries, count: files.length, total_bytes: totalBytes };
}
