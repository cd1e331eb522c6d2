// Files as an event source: NDJSON (or .gz) view and download files, read in order and
// cut into line chunks; the record and membership files as metadata. After a full pass
// over plain files, passes over a day range read only the chunks holding its days.

import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { EVENT_TYPE, type EventTypeCode } from "../columnar/encoded-chunk.js";
import type { OnReject, RejectedLine } from "../model/chunk-types.js";
import { ChunkDayMap } from "./chunk-day-map.js";
import type { EventSource, MetadataReceiver, SourceChunk, SourceDayRange } from "./event-source.js";
import { readLineChunks, type ChunkLimit } from "./line-chunks.js";
import { damageReject } from "./input-damage.js";
import { openInput, type InputBytes } from "./open-input.js";
import { readChunkSpans } from "./read-chunk-spans.js";
import { cutFileRanges, rangeChunk, turnOfTheLoop } from "./file-ranges.js";

export interface EventFiles {
  views: string[];
  downloads: string[];
  records?: string;
  membership?: string;
}

/** The four files of a dataset directory, by their conventional names (what `generate` writes). */
export function datasetFiles(dir: string): EventFiles {
  return {
    views: [join(dir, "views.ndjson")],
    downloads: [join(dir, "downloads.ndjson")],
    records: join(dir, "records.ndjson"),
    membership: join(dir, "membership.ndjson"),
  };
}

const METADATA_CHUNK_LINES = 5000;
/** Buffers for a sample of a few lines (sampleChunks), not for a chunk. */
const SAMPLE_SIZES = { readBlock: 64 << 10, firstCapacity: 256 << 10 };
const ESTIMATED_BYTES_PER_LINE = 600;
/** The smallest tail chunk, as a share of a full one: below it a chunk's fixed costs show. */
const MIN_TAIL_SHARE = 1 / 8;

/**
 * Guided self-scheduling: near the end of the input each chunk holds at most a
 * 1/`consumers` share of the bytes left, so the last chunks shrink and the workers
 * finish together, instead of one working through a last full chunk while the others
 * wait. Far from the end, and before the first chunk (no bytes per line yet), it is no
 * limit: the line count is. Plain files only (a .gz file's size is not its bytes).
 */
export function tailChunkBytes(bytesLeft: number, bytesPerLine: number, chunkLines: number, consumers: number): number {
  if (consumers <= 1 || !Number.isFinite(bytesPerLine)) return Infinity;
  return Math.max(Math.ceil(bytesLeft / consumers), chunkLines * bytesPerLine * MIN_TAIL_SHARE);
}

/** A metadata file in byte ranges the workers read (a plain file), or in line chunks; a damaged .gz's reject after its chunks. */
async function readMetadataFile(path: string, add: (chunk: SourceChunk) => Promise<void>, onDamage: OnReject): Promise<void> {
  const stats = await stat(path);
  if (stats.isFile() && !path.endsWith(".gz")) {
    for await (const span of cutFileRanges([{ path, fileType: EVENT_TYPE.view, size: stats.size }], METADATA_CHUNK_LINES, () => Infinity)) {
      await add(rangeChunk(span));
    }
    return;
  }
  const input = await openInput(path);
  try {
    for await (const chunk of readLineChunks(input, { lines: METADATA_CHUNK_LINES })) {
      await add({ format: "ndjson", source: path, fileType: EVENT_TYPE.view, ...chunk });
    }
    const damage = damageReject(input, path);
    if (damage !== undefined) await onDamage(damage);
  } finally {
    await input.close();
  }
}

/** A chunk that holds no rows, only the damage of its input (event-source.ts). */
function damageChunk(path: string, damage: RejectedLine): SourceChunk {
  return { format: "ndjson", source: path, fileType: EVENT_TYPE.view, bytes: new Uint8Array(0), firstLine: damage.line as number, lineCount: 0, damage };
}

const isRegularFile = (path: string) =>
  stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );

export function createFileEventSource(files: EventFiles): EventSource {
  let totalBytes = 0;
  let bytesBefore = 0;
  let current: InputBytes | undefined;
  const dayMap = new ChunkDayMap();
  return {
    async loadMetadata(receiver: MetadataReceiver, onReject: OnReject) {
      // Record and membership files are large: the workers parse them.
      if (files.records !== undefined) {
        const path = files.records;
        await readMetadataFile(path, (chunk) => receiver.addRecordChunk(chunk), onReject);
      }
      if (files.membership !== undefined) {
        const path = files.membership;
        await readMetadataFile(
          path,
          (chunk) => receiver.addMembershipChunk(chunk),
          (damage) => receiver.addMembershipChunk(damageChunk(path, damage)),
        );
      }
    },
    async *chunks(chunkSize: number, range: SourceDayRange | null, consumers = 1, fileRanges = false): AsyncGenerator<SourceChunk> {
      const spans = dayMap.spansFor(chunkSize, range, fileRanges);
      if (spans !== undefined) {
        for (const span of spans) totalBytes += span.end - span.start;
        if (fileRanges) {
          for (const span of spans) {
            await turnOfTheLoop();
            bytesBefore += span.end - span.start;
            yield rangeChunk(span);
          }
          return;
        }
        yield* readChunkSpans(spans, (bytes) => {
          bytesBefore += bytes;
        });
        return;
      }
      const list: [string, EventTypeCode][] = [
        ...files.views.map((path): [string, EventTypeCode] => [path, EVENT_TYPE.view]),
        ...files.downloads.map((path): [string, EventTypeCode] => [path, EVENT_TYPE.download]),
      ];
      let passBytes = 0;
      for (const [path] of list) passBytes += (await stat(path)).size;
      totalBytes += passBytes;
      // Byte offsets locate chunks in plain files only (.gz offsets are not seekable).
      const mapped = list.every(([path]) => !path.endsWith(".gz")) && (await Promise.all(list.map(([path]) => stat(path)))).every((s) => s.isFile());
      if (mapped && fileRanges) {
        dayMap.startPass(chunkSize, true);
        const sized = await Promise.all(list.map(async ([path, fileType]) => ({ path, fileType, size: (await stat(path)).size })));
        for await (const span of cutFileRanges(sized, chunkSize, (left, perLine) => tailChunkBytes(left, perLine, chunkSize, consumers))) {
          dayMap.addChunk(span);
          await turnOfTheLoop();
          bytesBefore += span.end - span.start;
          yield rangeChunk(span);
        }
        dayMap.endPass();
        return;
      }
      let cutBytes = 0;
      let cutLines = 0;
      const limit: ChunkLimit = mapped
        ? { lines: chunkSize, bytes: () => tailChunkBytes(passBytes - cutBytes, cutBytes / cutLines, chunkSize, consumers) }
        : { lines: chunkSize };
      if (mapped) dayMap.startPass(chunkSize);
      for (const [path, fileType] of list) {
        current = await openInput(path);
        let offset = 0;
        try {
          for await (const chunk of readLineChunks(current, limit)) {
            if (mapped)
              dayMap.addChunk({ path, fileType, start: offset, end: offset + chunk.bytes.length, firstLine: chunk.firstLine, lineCount: chunk.lineCount });
            offset += chunk.bytes.length;
            cutBytes += chunk.bytes.length;
            cutLines += chunk.lineCount;
            yield { format: "ndjson", source: path, fileType, ...chunk };
          }
          const damage = damageReject(current, path);
          if (damage !== undefined)
            yield { format: "ndjson", source: path, fileType, bytes: new Uint8Array(0), firstLine: damage.line as number, lineCount: 0, damage };
        } finally {
          await current.close();
          bytesBefore += current.bytesRead();
          current = undefined;
        }
      }
      if (mapped) dayMap.endPass();
    },
    noteChunkDays: (sequence, minDay, maxDay) => dayMap.noteDays(sequence, minDay, maxDay),
    noteChunkLines: (sequence, firstLine, lineCount) => dayMap.noteLines(sequence, firstLine, lineCount),
    async sampleChunks(lines: number) {
      const samples: SourceChunk[] = [];
      for (const [path, fileType] of [
        [files.views[0], EVENT_TYPE.view],
        [files.downloads[0], EVENT_TYPE.download],
      ] as const) {
        // A file that cannot be read is the pass's to report: no sample of it.
        const input = path !== undefined && (await isRegularFile(path)) ? await openInput(path).catch(() => undefined) : undefined;
        if (input === undefined) continue;
        try {
          for await (const chunk of readLineChunks(input, { lines }, SAMPLE_SIZES)) {
            samples.push({ format: "ndjson", source: path!, fileType, ...chunk });
            break;
          }
        } catch {
          // Damaged input: the pass reports it.
        } finally {
          await input.close();
        }
      }
      return samples;
    },
    // From the files' sizes, at 600 bytes a line (a bare event is ~400, an enriched one
    // ~1000; gzip shrinks NDJSON about 8 times).
    // A pipe has no size: unknown.
    async estimateEvents() {
      let bytes = 0;
      for (const path of [...files.views, ...files.downloads]) {
        const stats = await stat(path);
        if (!stats.isFile()) return undefined;
        bytes += stats.size * (path.endsWith(".gz") ? 8 : 1);
      }
      return Math.ceil(bytes / ESTIMATED_BYTES_PER_LINE);
    },
    async recordBytes() {
      if (files.records === undefined) return 0;
      const stats = await stat(files.records);
      return stats.isFile() ? stats.size * (files.records.endsWith(".gz") ? 8 : 1) : undefined;
    },
    async readOnce() {
      for (const path of [...files.views, ...files.downloads]) if (!(await stat(path)).isFile()) return path;
      return undefined;
    },
    // Unchanged record and membership files (same size, same modification time) hold the same metadata.
    async metadataCacheKey() {
      const stamp = async (path: string | undefined) => {
        if (path === undefined) return null;
        const { size, mtimeMs } = await stat(path);
        return { path: resolve(path), size, mtimeMs };
      };
      return JSON.stringify({ records: await stamp(files.records), membership: await stamp(files.membership) });
    },
    progress: () => ({ done: bytesBefore + (current?.bytesRead() ?? 0), total: totalBytes }),
    close: async () => {
      await current?.close();
    },
  };
}
