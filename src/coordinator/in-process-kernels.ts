// The kernels the in-process transport runs (memory backend), loaded only by a run that
// uses it: a parallel run's main thread never runs them, and loading them costs start-up.

export { encodeRawChunk } from "../encode/encode-raw-chunk.js";
export { extractRecordChunk } from "../records/extract-record-chunk.js";
export { extractMembershipChunk } from "../records/membership-rows.js";
export { groupPartition } from "../group/group-partition.js";
