// A record's communities on a day, from its membership timeline (SPEC 1.3): the same for
// every event of that record on that day, so read from the timeline once per (record,
// day) in a chunk and copied for the events after. A busy record (hundreds of events a
// day) walked its timeline entries for every one of them.

import { grownArray, type Int32ColumnBuilder } from "../columnar/shared-arrays.js";
import type { RecordIndexBuffers } from "../model/record-index-types.js";
import { pushTimelineMembers } from "../records/record-index.js";

export class RecordDayCommunities {
  /** Per record: the chunk (its serial) and day its list was read for, and where the list is in `lists`. */
  private chunkOf = new Int32Array(0);
  private dayOf = new Int32Array(0);
  private from = new Int32Array(0);
  private to = new Int32Array(0);
  /** This chunk's lists, one after the other. */
  private lists = new Int32Array(1024);
  private listsLength = 0;
  private chunk = 0;
  private buffers: RecordIndexBuffers | undefined;
  private generation = "";

  /** Starts a chunk of events on the record index `buffers` (each task brings its own copy of the object: known by its generation). */
  useChunk(buffers: RecordIndexBuffers): void {
    this.buffers = buffers;
    if (this.generation !== buffers.generation) {
      const records = buffers.timelineOffsets.length - 1;
      this.generation = buffers.generation;
      this.chunkOf = new Int32Array(records);
      this.dayOf = new Int32Array(records);
      this.from = new Int32Array(records);
      this.to = new Int32Array(records);
      this.chunk = 0;
    }
    this.chunk++;
    this.listsLength = 0;
  }

  /** Appends to `out` the communities `record` (it has a timeline) was a member of on `day`. */
  push(record: number, day: number, out: Int32ColumnBuilder): void {
    if (this.chunkOf[record] !== this.chunk || this.dayOf[record] !== day) this.read(record, day);
    out.pushRange(this.lists, this.from[record], this.to[record]);
  }

  private read(record: number, day: number): void {
    const buffers = this.buffers!;
    // A list holds at most the record's timeline entries.
    const most = buffers.timelineOffsets[record + 1] - buffers.timelineOffsets[record];
    if (this.listsLength + most > this.lists.length) this.lists = grownArray(this.lists, Math.max(this.lists.length * 2, this.listsLength + most));
    this.chunkOf[record] = this.chunk;
    this.dayOf[record] = day;
    this.from[record] = this.listsLength;
    this.listsLength = pushTimelineMembers(buffers, record, day, this.lists, this.listsLength);
    this.to[record] = this.listsLength;
  }
}
