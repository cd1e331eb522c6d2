// AssemblyScript (built with event-scanner.ts, which imports it): a chunk's visitor and
// file ids, interned by their bytes as the scanner reads them. byte-dictionary.ts's
// ByteDictionary, in this module's memory: codes in order of first sight, an
// open-addressing table over an arena, the same hash (hashBytes). The scanner hands each
// id in the window to its field's dictionary; JavaScript interns the ids the scanner did
// not read (a replayed tail, escapes, a line it refused) through SCRATCH_AT, so that one
// dictionary gives a chunk all its codes. wasm-id-dictionary.ts is its JavaScript side,
// test/parse/wasm-id-dictionary.test.ts holds it to ByteDictionary.
//
// Memory is fixed, so a dictionary holds at most MAX_CODES ids and ARENA_BYTES of them (a
// chunk of 50,000 events needs at most 50,000 of each). Past that intern answers -1 from
// then on, and JavaScript takes the chunk's dictionary over (wasm-id-dictionary.ts).
//
// The last two dictionaries are lookup-only copies of the record index's record and
// parent ids (adoptIds, when they fit): the scanner looks a record or parent id up as it
// reads it, and a miss adds nothing (the id is not the index's).

import { sameBytes } from "./same-bytes";
import { hashBytes } from "./value-readers";

export const DICTIONARY_NONE: i32 = -1;
/** A chunk's visitor and file ids, then the record index's record and parent ids. */
export const DICTIONARIES: i32 = 4;
/** Where JavaScript puts an id's bytes to intern them (at most SCRATCH_BYTES). */
export const SCRATCH_AT: usize = 18 << 16;
export const SCRATCH_BYTES: i32 = 1 << 16;
export const DICTIONARIES_AT: usize = SCRATCH_AT + <usize>SCRATCH_BYTES;
const TABLE_SLOTS: u32 = 1 << 17;
/** Load factor at most one half: short probe sequences. */
export const MAX_CODES: i32 = <i32>(TABLE_SLOTS >> 1);
export const ARENA_BYTES: i32 = 4 << 20;
// Within a dictionary: its header (count, arena length, full, lookup-only: i32 each, JavaScript reads the first two), the table (code + 1, 0
// free), each code's start in the arena (code + 1: its end), each code's hash, the arena.
const COUNT_OFFSET: usize = 0;
const ARENA_LENGTH_OFFSET: usize = 4;
const FULL_OFFSET: usize = 8;
const LOOKUP_ONLY_OFFSET: usize = 12;
const TABLE_OFFSET: usize = 64;
export const STARTS_OFFSET: usize = TABLE_OFFSET + ((<usize>TABLE_SLOTS) << 2);
const HASHES_OFFSET: usize = STARTS_OFFSET + ((<usize>MAX_CODES + 1) << 2) + 60;
export const ARENA_OFFSET: usize = HASHES_OFFSET + ((<usize>MAX_CODES) << 2);
/** Each dictionary's bytes, a whole number of 64 KiB pages (build-wasm.mjs sizes the memory from the last one's end). */
export const DICTIONARY_BYTES: usize = (ARENA_OFFSET + <usize>ARENA_BYTES + 0xffff) & ~(<usize>0xffff);
export const MEMORY_END: usize = DICTIONARIES_AT + <usize>DICTIONARIES * DICTIONARY_BYTES;

function base(dictionary: i32): usize {
  return DICTIONARIES_AT + <usize>dictionary * DICTIONARY_BYTES;
}

/** Empties a dictionary (a new chunk). */
export function resetDictionary(dictionary: i32): void {
  const at = base(dictionary);
  store<i32>(at + COUNT_OFFSET, 0);
  store<i32>(at + ARENA_LENGTH_OFFSET, 0);
  store<i32>(at + FULL_OFFSET, 0);
  store<i32>(at + LOOKUP_ONLY_OFFSET, 0);
  memory.fill(at + TABLE_OFFSET, 0, (<usize>TABLE_SLOTS) << 2);
}

/**
 * Makes an empty dictionary a lookup-only one of the `count` ids JavaScript wrote into its
 * starts (count + 1 of them, from 0) and arena, code i the i-th: each is hashed and placed
 * in the table. False, and the dictionary emptied, when they do not fit or two are equal
 * (then a lookup's code would not be the id's place).
 */
export function adoptIds(dictionary: i32, count: i32): bool {
  resetDictionary(dictionary);
  const at = base(dictionary);
  const arenaLength = load<i32>(at + STARTS_OFFSET + ((<usize>count) << 2));
  if (count > MAX_CODES || arenaLength > ARENA_BYTES) return false;
  for (let code = 0; code < count; code++) {
    const from = at + ARENA_OFFSET + <usize>load<i32>(at + STARTS_OFFSET + ((<usize>code) << 2));
    const to = at + ARENA_OFFSET + <usize>load<i32>(at + STARTS_OFFSET + ((<usize>code + 1) << 2));
    if (intern(dictionary, from, to, hashBytes(from, to)) != code) {
      resetDictionary(dictionary);
      return false;
    }
  }
  store<i32>(at + LOOKUP_ONLY_OFFSET, 1);
  return true;
}

/** Answers -1 from now on until the next reset (JavaScript has taken the chunk's ids over). */
export function closeDictionary(dictionary: i32): void {
  store<i32>(base(dictionary) + FULL_OFFSET, 1);
}

/** Interns the bytes at SCRATCH_AT (what JavaScript put there): their code, or -1 as intern. */
export function internScratch(dictionary: i32, length: i32, hash: i32): i32 {
  return intern(dictionary, SCRATCH_AT, SCRATCH_AT + <usize>length, hash);
}

/**
 * The code of the id [start, end) (module addresses) whose hashBytes is `hash`, added when
 * new; -1 once the dictionary is full (every call after that too: the codes it gave stay
 * what they are, the rest is JavaScript's).
 */
export function intern(dictionary: i32, start: usize, end: usize, hash: i32): i32 {
  const at = base(dictionary);
  if (load<i32>(at + FULL_OFFSET) != 0) return -1;
  const length = end - start;
  const mask = TABLE_SLOTS - 1;
  let slot = (<u32>hash) & mask;
  for (let entry = load<i32>(at + TABLE_OFFSET + ((<usize>slot) << 2)); entry != 0; entry = load<i32>(at + TABLE_OFFSET + ((<usize>slot) << 2))) {
    const code = entry - 1;
    if (load<i32>(at + HASHES_OFFSET + ((<usize>code) << 2)) == hash) {
      const from = <usize>load<i32>(at + STARTS_OFFSET + ((<usize>code) << 2));
      const to = <usize>load<i32>(at + STARTS_OFFSET + ((<usize>code + 1) << 2));
      if (to - from == length && sameBytes(at + ARENA_OFFSET + from, start, length)) return code;
    }
    slot = (slot + 1) & mask;
  }
  if (load<i32>(at + LOOKUP_ONLY_OFFSET) != 0) return -1;
  const code = load<i32>(at + COUNT_OFFSET);
  const arenaLength = <usize>load<i32>(at + ARENA_LENGTH_OFFSET);
  if (code == MAX_CODES || arenaLength + length > <usize>ARENA_BYTES) {
    store<i32>(at + FULL_OFFSET, 1);
    return -1;
  }
  memory.copy(at + ARENA_OFFSET + arenaLength, start, length);
  store<i32>(at + STARTS_OFFSET + ((<usize>code) << 2), <i32>arenaLength);
  store<i32>(at + STARTS_OFFSET + ((<usize>code + 1) << 2), <i32>(arenaLength + length));
  store<i32>(at + HASHES_OFFSET + ((<usize>code) << 2), hash);
  store<i32>(at + TABLE_OFFSET + ((<usize>slot) << 2), code + 1);
  store<i32>(at + COUNT_OFFSET, code + 1);
  store<i32>(at + ARENA_LENGTH_OFFSET, <i32>(arenaLength + length));
  return code;
}
