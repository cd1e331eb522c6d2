// The JavaScript side of a chunk's id dictionary in the WebAssembly scanner's memory
// (wasm/id-dictionaries.ts): the scanner interns a field's ids as it reads them, this
// interns the rest (the ids of replayed tails, escaped or non-ASCII ids, lines the
// scanner refused) in the same dictionary, and copies it out at the chunk's end. When the
// dictionary is full (a chunk far larger than the default), its ids are copied into a
// ByteDictionary in code order, which gives them the same codes, and that one goes on.

import { ByteDictionary, hashBytes, type IdDictionary } from "../columnar/byte-dictionary.js";
import { sharedCopy } from "../columnar/shared-arrays.js";
import type { SharedStrings } from "../columnar/shared-strings.js";
import type { DictionaryExports } from "./wasm-event-scanner.js";

export class WasmIdDictionary implements IdDictionary {
  private readonly memory: Uint8Array;
  /** The dictionary's header (count, arena length) and code starts, as i32. */
  private readonly header: Int32Array;
  private readonly starts: Int32Array;
  private readonly arenaAt: number;
  private readonly scratchAt: number;
  private readonly scratchBytes: number;
  /** Set when the module's dictionary was full: the chunk's ids from then on. */
  private takenOver: ByteDictionary | null = null;

  constructor(
    private readonly x: DictionaryExports,
    private readonly dictionary: number,
  ) {
    const buffer = x.memory.buffer;
    const at = (x.DICTIONARIES_AT.value as number) + dictionary * (x.DICTIONARY_BYTES.value as number);
    this.memory = new Uint8Array(buffer);
    this.header = new Int32Array(buffer, at, 2);
    this.starts = new Int32Array(buffer, at + (x.STARTS_OFFSET.value as number));
    this.arenaAt = at + (x.ARENA_OFFSET.value as number);
    this.scratchAt = x.SCRATCH_AT.value as number;
    this.scratchBytes = x.SCRATCH_BYTES.value as number;
  }

  get size(): number {
    return this.takenOver?.size ?? this.count;
  }

  reset(): void {
    this.takenOver = null;
    this.x.resetDictionary(this.dictionary);
  }

  /** The code of bytes[start, end) (not in the module's memory), added when new. */
  intern(bytes: Uint8Array, start: number, end: number, hash = hashBytes(bytes, start, end)): number {
    if (this.takenOver === null) {
      const length = end - start;
      if (length <= this.scratchBytes) {
        this.memory.set(bytes.subarray(start, end), this.scratchAt);
        const code = this.x.internScratch(this.dictionary, length, hash);
        if (code >= 0) return code;
      }
      this.takeOver();
    }
    return this.takenOver!.intern(bytes, start, end, hash);
  }

  internScanned(code: number, bytes: Uint8Array, start: number, end: number, hash: number): number {
    // Once taken over, the module's dictionary is closed: the scanner gives no codes.
    if (code >= 0) return code;
    return this.intern(bytes, start, end, hash);
  }

  toSharedStrings(): SharedStrings {
    if (this.takenOver !== null) return this.takenOver.toSharedStrings();
    const count = this.count;
    return { offsets: sharedCopy(this.starts, count + 1), bytes: sharedCopy(this.memory.subarray(this.arenaAt), this.arenaLength) };
  }

  private get count(): number {
    return this.header[0];
  }

  private get arenaLength(): number {
    return this.header[1];
  }

  /**
   * Full, or an id longer than the scratch: the ids so far into a ByteDictionary, in code
   * order (so with the same codes), and the module's dictionary closed, so that the
   * scanner stops interning for the rest of the chunk.
   */
  private takeOver(): void {
    const dictionary = new ByteDictionary();
    for (let code = 0; code < this.count; code++) dictionary.intern(this.memory, this.arenaAt + this.starts[code], this.arenaAt + this.starts[code + 1]);
    this.takenOver = dictionary;
    this.x.closeDictionary(this.dictionary);
  }
}
