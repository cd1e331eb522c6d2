// Reads what the coordinator needs from a raw search response body without parsing the
// hits (the workers parse them): whether every shard answered, how many hits there are
// at most, and the `sort` values of the last hit (the next page's `search_after`).
//
// The trick: OpenSearch writes each hit as {"_index", "_id", ..., "_source", "sort"},
// the `sort` array after the `_source`, and nothing follows the hits array when no
// aggregation is asked for. So the last occurrence of the bytes `"sort":[` in the body
// is the last hit's sort array. A `"sort":[` inside a string of a `_source` is escaped
// (`\"sort\":[`), so only keys match; a source *key* named "sort" could match too, but
// it comes before its hit's own `sort`, so the last occurrence is still the right one
// and the count below stays an upper bound of the hits.

const SORT_KEY = Buffer.from('"sort":[');
const HITS_KEY = Buffer.from('"hits":{');

export interface SearchHeader {
  timed_out?: boolean;
  _shards?: { total?: number; failed?: number; failures?: { reason?: { type?: string; reason?: string } }[] };
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The last hit's `sort` values, or undefined when the page has no hits. */
export function lastSortValues(bytes: Uint8Array): unknown[] | undefined {
  const buffer = view(bytes);
  const key = buffer.lastIndexOf(SORT_KEY);
  if (key === -1) return undefined;
  const start = key + SORT_KEY.length - 1;
  const end = closingBracket(buffer, start);
  return JSON.parse(buffer.toString("utf8", start, end + 1)) as unknown[];
}

/** Hits in the page, at most (each hit has one `sort` key; see the top of the file). */
export function countHitsAtMost(bytes: Uint8Array): number {
  const buffer = view(bytes);
  let count = 0;
  for (let at = buffer.indexOf(SORT_KEY); at !== -1; at = buffer.indexOf(SORT_KEY, at + SORT_KEY.length)) count++;
  return count;
}

/** The keys before `hits` (`took`, `timed_out`, `_shards`), parsed alone. */
export function searchHeader(bytes: Uint8Array): SearchHeader {
  const buffer = view(bytes);
  const hits = buffer.indexOf(HITS_KEY);
  if (hits === -1) return JSON.parse(buffer.toString("utf8")) as SearchHeader;
  const head = buffer.toString("utf8", 0, hits).replace(/,\s*$/, "");
  return JSON.parse(`${head}}`) as SearchHeader;
}

/** Why a page is incomplete (a shard failed, the search timed out), or undefined when it is whole. */
export function incompletePage(header: SearchHeader): string | undefined {
  if (header.timed_out === true) return "the search timed out on the server (partial results)";
  const shards = header._shards;
  if (shards !== undefined && (shards.failed ?? 0) > 0) {
    const reason = shards.failures?.[0]?.reason;
    return `${shards.failed} of ${shards.total} shards failed${reason === undefined ? "" : `: ${reason.type ?? "error"}: ${reason.reason ?? ""}`}`;
  }
  return undefined;
}

// The index of the `]` that closes the array opening at `start`, skipping strings.
function closingBracket(buffer: Buffer, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < buffer.length; i++) {
    const c = buffer[i];
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */) depth++;
    else if (c === 0x5d /* ] */ && --depth === 0) return i;
  }
  throw new Error("search response ends inside a sort array");
}
