// The columns of one encoded chunk under construction, and the chunk's own dictionaries:
// what the encode kernel (encode-chunk.ts) writes an event into. The typed arrays are this
// thread's, reused by every chunk it encodes (a chunk is encoded start to finish in one
// synchronous call); `columns()` copies them out at length into shared memory.

import type { IdDictionary } from "../columnar/byte-dictionary.js";
import { ChunkDictionary } from "../columnar/dictionaries.js";
import type { EncodedChunkBuffers } from "../columnar/encoded-chunk.js";
import { Int32ColumnBuilder, ScratchArray, sharedCopy } from "../columnar/shared-arrays.js";
import type { ChunkDictionaryStrings } from "../model/chunk-types.js";
import type { RecordIndex } from "../records/record-index.js";
import { eventSpans } from "../parse/chunk-rows.js";
import { FIELD } from "../parse/event-fields.js";

const scratch = {
  day: new ScratchArray((n) => new Int32Array(n)),
  type: new ScratchArray((n) => new Uint8Array(n)),
  size: new ScratchArray((n) => new Float64Array(n)),
  visitor: new ScratchArray((n) => new Int32Array(n)),
  record: new ScratchArray((n) => new Int32Array(n)),
  parent: new ScratchArray((n) => new Int32Array(n)),
  file: new ScratchArray((n) => new Int32Array(n)),
  communityOffsets: new ScratchArray((n) => new Int32Array(n)),
  facetOffsets: new ScratchArray((n) => new Int32Array(n)),
  recordFacets: new ScratchArray((n) => new Int32Array(n)),
  communities: new Int32ColumnBuilder(0),
  facets: new Int32ColumnBuilder(0),
};

export class ChunkColumns {
  protected day: Int32Array;
  protected type: Uint8Array;
  protected size: Float64Array;
  protected visitor: Int32Array;
  protected record: Int32Array;
  protected parent: Int32Array;
  protected file: Int32Array;
  protected communityOffsets: Int32Array;
  protected readonly communities: Int32ColumnBuilder;
  protected facetOffsets: Int32Array;
  protected readonly facets: Int32ColumnBuilder;
  protected recordFacets: Int32Array;
  /** Events written so far, and room for how many. */
  protected length = 0;
  private capacity = 0;

  // Visitor and file ids, interned by their bytes (no string per event), most of them by
  // the scanner as it reads them: this thread's dictionaries, emptied for each chunk.
  protected readonly visitors: IdDictionary;
  protected readonly files: IdDictionary;
  // Strings the record index knows keep its (run-wide) codes; others get chunk-local ones.
  protected readonly records: ChunkDictionary;
  protected readonly parents: ChunkDictionary;
  protected readonly communityIds: ChunkDictionary;
  protected readonly facetIds: ChunkDictionary;
  protected readonly labelPairs: ChunkDictionary;

  /** Room for `lines` events at first (more as they come: a file range's lines are counted as they are read). */
  constructor(lines: number, index: RecordIndex) {
    this.day = scratch.day.take(lines);
    this.type = scratch.type.take(lines);
    this.size = scratch.size.take(lines);
    this.visitor = scratch.visitor.take(lines);
    this.record = scratch.record.take(lines);
    this.parent = scratch.parent.take(lines);
    this.file = scratch.file.take(lines);
    this.communityOffsets = scratch.communityOffsets.take(lines + 1);
    this.facetOffsets = scratch.facetOffsets.take(lines + 1);
    this.recordFacets = scratch.recordFacets.take(lines);
    this.capacity = Math.min(this.day.length, this.communityOffsets.length - 1);
    this.communities = scratch.communities;
    this.communities.reset();
    this.facets = scratch.facets;
    this.facets.reset();
    const spans = eventSpans();
    this.visitors = spans.idDictionary(FIELD.visitorId);
    this.visitors.reset();
    this.files = spans.idDictionary(FIELD.fileId);
    this.files.reset();
    this.records = new ChunkDictionary(index.recordCodes);
    this.parents = new ChunkDictionary(index.parentCodes);
    this.communityIds = new ChunkDictionary(index.communityCodes);
    this.facetIds = new ChunkDictionary(index.facetIdCodes);
    this.labelPairs = new ChunkDictionary(index.labelPairCodes);
  }

  /** The row of the next event, the columns grown (twice the room, rows kept) when they are full. */
  protected nextRow(): number {
    if (this.length === this.capacity) {
      const grown = this.capacity * 2 + 1024;
      this.day = scratch.day.grow(grown);
      this.type = scratch.type.grow(grown);
      this.size = scratch.size.grow(grown);
      this.visitor = scratch.visitor.grow(grown);
      this.record = scratch.record.grow(grown);
      this.parent = scratch.parent.grow(grown);
      this.file = scratch.file.grow(grown);
      this.communityOffsets = scratch.communityOffsets.grow(grown + 1);
      this.facetOffsets = scratch.facetOffsets.grow(grown + 1);
      this.recordFacets = scratch.recordFacets.grow(grown);
      this.capacity = Math.min(this.day.length, this.communityOffsets.length - 1);
    }
    return this.length++;
  }

  /** The columns copied out at length into shared memory, and the chunk's dictionaries. */
  protected columns(): { buffers: EncodedChunkBuffers; dictionaries: ChunkDictionaryStrings } {
    const n = this.length;
    this.communityOffsets[n] = this.communities.length;
    this.facetOffsets[n] = this.facets.length;
    return {
      buffers: {
        length: n,
        day: sharedCopy(this.day, n),
        type: sharedCopy(this.type, n),
        size: sharedCopy(this.size, n),
        visitor: sharedCopy(this.visitor, n),
        record: sharedCopy(this.record, n),
        parent: sharedCopy(this.parent, n),
        file: sharedCopy(this.file, n),
        communityOffsets: sharedCopy(this.communityOffsets, n + 1),
        communities: this.communities.toShared(),
        facetOffsets: sharedCopy(this.facetOffsets, n + 1),
        facets: this.facets.toShared(),
        recordFacets: sharedCopy(this.recordFacets, n),
        visitorIds: this.visitors.toSharedStrings(),
        fileIds: this.files.toSharedStrings(),
      },
      dictionaries: {
        record: this.records.strings,
        parent: this.parents.strings,
        community: this.communityIds.strings,
        facetId: this.facetIds.strings,
        labelPair: this.labelPairs.strings,
      },
    };
  }
}
