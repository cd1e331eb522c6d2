// The WebAssembly event line scanner (wasm/event-scanner.ts, built by `npm run build` into
// dist/wasm/) as EventSpans uses it: one instance per EventSpans, whose memory holds the
// spans it finds (viewed here as typed arrays) and a window of the caller's bytes, copied
// in a megabyte at a time rather than a line at a time. The module is compiled once per
// thread; an instance costs the 1.1 MB it always writes, the id dictionaries' tables (1
// MB) and what a chunk's ids fill of the rest (at most ~9 MB, id-dictionaries.ts), and
// ~10 GiB of address space: V8 reserves guard regions around every WebAssembly memory so
// that its loads need no bounds checks. A process with an address-space limit (ulimit -v)
// has none of that to spare, and its planner counts on every byte of it: there the
// JavaScript scanner reads every line.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageDirectory } from "../model/package-directory.js";
import { makesWebAssemblyMemory } from "../model/process-limits.js";
import { NEWLINE } from "../model/ndjson.js";
import type { SharedStrings } from "../columnar/shared-strings.js";

/** What scan and resume answer (the module's REFUSED, ACCEPTED, AT_CONTAINER). */
export const WASM_SCAN = { refused: 0, accepted: 1, atContainer: 2 } as const;
export type WasmScanVerdict = (typeof WASM_SCAN)[keyof typeof WASM_SCAN];

interface ScannerExports {
  memory: WebAssembly.Memory;
  FIELDS_MAX: WebAssembly.Global;
  KIND_AT: WebAssembly.Global;
  PLAIN_AT: WebAssembly.Global;
  START_AT: WebAssembly.Global;
  END_AT: WebAssembly.Global;
  SLOT_AT: WebAssembly.Global;
  NAME_AT: WebAssembly.Global;
  NAME_LENGTH_AT: WebAssembly.Global;
  NAMES_AT: WebAssembly.Global;
  NAMES_END: WebAssembly.Global;
  WINDOW_AT: WebAssembly.Global;
  WINDOW_BYTES: WebAssembly.Global;
  COMPUTE_AT: WebAssembly.Global;
  COMPUTED_AT: WebAssembly.Global;
  COMPUTED_VALID_AT: WebAssembly.Global;
  DICTIONARY_OF_AT: WebAssembly.Global;
  CODE_AT: WebAssembly.Global;
  MEMORY_END: WebAssembly.Global;
  configure(fields: number, multiplier: number): void;
  setDelta(delta: number): void;
  valuesEnd(): number;
  stopKey(): number;
  scanLine(start: number, end: number): WasmScanVerdict;
  findNewline(from: number, end: number): number;
  resume(): WasmScanVerdict;
}

/** The id dictionaries' part of the module (id-dictionaries.ts), for wasm-id-dictionary.ts. */
export interface DictionaryExports {
  memory: WebAssembly.Memory;
  SCRATCH_AT: WebAssembly.Global;
  SCRATCH_BYTES: WebAssembly.Global;
  DICTIONARIES_AT: WebAssembly.Global;
  DICTIONARY_BYTES: WebAssembly.Global;
  STARTS_OFFSET: WebAssembly.Global;
  ARENA_OFFSET: WebAssembly.Global;
  resetDictionary(dictionary: number): void;
  closeDictionary(dictionary: number): void;
  internScratch(dictionary: number, length: number, hash: number): number;
}

/** The lookup-only dictionaries' part of the module (id-dictionaries.ts adoptIds). */
interface LookupExports extends DictionaryExports {
  MAX_CODES: WebAssembly.Global;
  ARENA_BYTES: WebAssembly.Global;
  adoptIds(dictionary: number, count: number): boolean;
}

/** How fields are found by their key: the names, and the slot table keySlot (event-fields.ts) fills; what is computed from which. */
export interface FieldKeys {
  names: readonly Uint8Array[];
  slotFields: Int8Array;
  multiplier: number;
  /** Fields whose plain string value's hashBytes is computed (ids). */
  hashFields: readonly number[];
  /** The field whose plain string value's UTC day is computed (the timestamp). */
  dayField: number;
  /** Hashed fields whose ids are interned as they are read, each in its own dictionary (its place in this list). */
  internFields: readonly number[];
  /** Hashed fields whose ids are looked up as they are read, per lookup-only dictionary (after internFields'): the record index's record ids, then its parent ids. */
  lookupFields: readonly (readonly number[])[];
}

// The module's COMPUTE_HASH and COMPUTE_DAY.
const COMPUTE = { hash: 1, day: 2 } as const;

export class WasmEventScanner {
  /** Per field (as EventSpans numbers them): its kind, whether it is plain ASCII, where its value starts and ends. */
  readonly kind: Uint8Array;
  readonly plainAscii: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /**
   * Per field, what the scanner computed from the line's plain string value: the hash of
   * an id field (FieldKeys.hashFields) or the timestamp's day; `computedValid[field]` is 1
   * when it did, for this line's value.
   */
  readonly computed: Int32Array;
  readonly computedValid: Uint8Array;
  /** Per field of FieldKeys.internFields: the code its id got in the field's dictionary, where computedValid says so (-1: not interned). */
  readonly code: Int32Array;
  /** Per field of FieldKeys.lookupFields: 1 when `code` holds the record index's code of its id (-1: not the index's), where computedValid says so. */
  readonly lookedUp: Uint8Array;
  /** Per field: the dictionary it interns ids in as it reads them (FieldKeys.internFields), or looks them up in (lookupFields), -1 none. */
  private readonly dictionaryOf: Int8Array;
  private readonly internFields: readonly number[];
  private readonly lookupFields: readonly (readonly number[])[];
  private readonly exports: ScannerExports;
  private readonly memory: Uint8Array;
  private readonly windowAt: number;
  private readonly windowBytes: number;
  // The caller's bytes now in the window: which, and from where to where.
  private source: Uint8Array | null = null;
  private windowStart = 0;
  private windowEnd = 0;

  /**
   * A scanner, or null where this process should not have one: under an address-space
   * limit, or when V8 cannot reserve its memory (RangeError) all the same.
   */
  static create(keys: FieldKeys): WasmEventScanner | null {
    if (!makesWebAssemblyMemory()) return null;
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(scannerModule());
    } catch (error) {
      if (error instanceof RangeError) return null;
      throw error;
    }
    return new WasmEventScanner(instance, keys);
  }

  private constructor(instance: WebAssembly.Instance, keys: FieldKeys) {
    const x = instance.exports as unknown as ScannerExports;
    this.exports = x;
    const buffer = x.memory.buffer;
    const fields = keys.names.length;
    if (fields > (x.FIELDS_MAX.value as number)) throw new Error(`the WebAssembly scanner takes ${x.FIELDS_MAX.value as number} fields, not ${fields}`);
    this.memory = new Uint8Array(buffer);
    this.kind = new Uint8Array(buffer, x.KIND_AT.value as number, fields);
    this.plainAscii = new Uint8Array(buffer, x.PLAIN_AT.value as number, fields);
    this.start = new Int32Array(buffer, x.START_AT.value as number, fields);
    this.end = new Int32Array(buffer, x.END_AT.value as number, fields);
    this.computed = new Int32Array(buffer, x.COMPUTED_AT.value as number, fields);
    this.computedValid = new Uint8Array(buffer, x.COMPUTED_VALID_AT.value as number, fields);
    if (buffer.byteLength < (x.MEMORY_END.value as number))
      throw new Error("the WebAssembly scanner's memory is smaller than its layout (scripts/build-wasm.mjs)");
    this.code = new Int32Array(buffer, x.CODE_AT.value as number, fields);
    this.dictionaryOf = new Int8Array(buffer, x.DICTIONARY_OF_AT.value as number, fields).fill(-1);
    for (const field of keys.internFields) if (!keys.hashFields.includes(field)) throw new Error(`field ${field} is interned but not hashed`);
    this.internFields = keys.internFields;
    this.internAsRead(true);
    for (const field of keys.lookupFields.flat()) if (!keys.hashFields.includes(field)) throw new Error(`field ${field} is looked up but not hashed`);
    this.lookupFields = keys.lookupFields;
    this.lookedUp = new Uint8Array(fields);
    const compute = new Uint8Array(buffer, x.COMPUTE_AT.value as number, fields);
    for (const field of keys.hashFields) compute[field] = COMPUTE.hash;
    compute[keys.dayField] = COMPUTE.day;
    this.memory.set(new Uint8Array(keys.slotFields.buffer, keys.slotFields.byteOffset, keys.slotFields.length), x.SLOT_AT.value as number);
    const nameAt = new Int32Array(buffer, x.NAME_AT.value as number, fields);
    const nameLength = new Int32Array(buffer, x.NAME_LENGTH_AT.value as number, fields);
    let at = x.NAMES_AT.value as number;
    keys.names.forEach((name, field) => {
      this.memory.set(name, at);
      nameAt[field] = at;
      nameLength[field] = name.length;
      at += name.length;
    });
    if (at > (x.NAMES_END.value as number)) throw new Error("the field names do not fit the WebAssembly scanner");
    x.configure(fields, keys.multiplier);
    this.windowAt = x.WINDOW_AT.value as number;
    this.windowBytes = x.WINDOW_BYTES.value as number;
  }

  /** Whether the ids of FieldKeys.internFields are interned as they are read (else only hashed). */
  internAsRead(on: boolean): void {
    this.internFields.forEach((field, dictionary) => (this.dictionaryOf[field] = on ? dictionary : -1));
  }

  /**
   * Looks the ids of FieldKeys.lookupFields up as they are read, in copies of `idSets`
   * (per lookup-only dictionary: ids whose code is their place); a set past the module's
   * room, or with an id twice, is not looked up (the caller looks those ids up itself).
   */
  lookUpIds(idSets: readonly SharedStrings[]): void {
    const x = this.exports as unknown as LookupExports;
    const dictionaryBytes = x.DICTIONARY_BYTES.value as number;
    idSets.forEach((ids, j) => {
      const dictionary = this.internFields.length + j;
      const at = (x.DICTIONARIES_AT.value as number) + dictionary * dictionaryBytes;
      const count = ids.offsets.length - 1;
      const first = ids.offsets[0];
      const length = ids.offsets[count] - first;
      let adopted = false;
      if (count <= (x.MAX_CODES.value as number) && length <= (x.ARENA_BYTES.value as number)) {
        const starts = new Int32Array(x.memory.buffer, at + (x.STARTS_OFFSET.value as number), count + 1);
        for (let code = 0; code <= count; code++) starts[code] = ids.offsets[code] - first;
        this.memory.set(ids.bytes.subarray(first, first + length), at + (x.ARENA_OFFSET.value as number));
        adopted = x.adoptIds(dictionary, count);
      }
      for (const field of this.lookupFields[j]) {
        this.dictionaryOf[field] = adopted ? dictionary : -1;
        this.lookedUp[field] = adopted ? 1 : 0;
      }
    });
  }

  /** The id dictionaries' exports (wasm-id-dictionary.ts). */
  get dictionaries(): DictionaryExports {
    return this.exports as unknown as DictionaryExports;
  }

  /** Scans bytes[start, end); refused (the JavaScript scanner decides) when the line is longer than the window. */
  scanLine(bytes: Uint8Array, start: number, end: number): WasmScanVerdict {
    if (end - start > this.windowBytes) return WASM_SCAN.refused;
    if (!this.windowHolds(bytes, start, end)) this.place(bytes, start);
    const at = this.windowAt + (start - this.windowStart);
    return this.exports.scanLine(at, at + (end - start));
  }

  /** Where the first newline at or after `from` is in bytes, -1 when there is none. */
  lineEnd(bytes: Uint8Array, from: number): number {
    if (!this.windowHolds(bytes, from, from + 1)) this.place(bytes, from);
    for (;;) {
      const found = this.exports.findNewline(this.windowAt + (from - this.windowStart), this.windowAt + (this.windowEnd - this.windowStart));
      if (found !== 0) return found - this.windowAt + this.windowStart;
      if (this.windowEnd === bytes.length) return -1;
      // The line runs past the window: from its start, then beyond the window's size.
      if (this.windowStart === from) return bytes.indexOf(NEWLINE, this.windowEnd);
      this.place(bytes, from);
    }
  }

  /** After atContainer: reads the rest of the line. */
  resume(): WasmScanVerdict {
    return this.exports.resume();
  }

  /** Where the key stopped at (atContainer) opens its quote. */
  stopKeyQuote(): number {
    return this.exports.stopKey() - 1;
  }

  /** Where the value of the line's last member ends. */
  valuesEnd(): number {
    return this.exports.valuesEnd();
  }

  /** The bytes last scanned may change before they are scanned again (a new chunk in a reused buffer). */
  forgetWindow(): void {
    this.source = null;
  }

  /** Whether the window holds bytes[start, end) as they are. */
  private windowHolds(bytes: Uint8Array, start: number, end: number): boolean {
    return bytes === this.source && start >= this.windowStart && end <= this.windowEnd;
  }

  private place(bytes: Uint8Array, start: number): void {
    const length = Math.min(this.windowBytes, bytes.length - start);
    this.memory.set(bytes.subarray(start, start + length), this.windowAt);
    this.source = bytes;
    this.windowStart = start;
    this.windowEnd = start + length;
    this.exports.setDelta(start - this.windowAt);
  }
}

let compiled: WebAssembly.Module | undefined;

/** The module, compiled on first use in this thread. */
function scannerModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(builtWasm("event-scanner.wasm")));
  return compiled;
}

/** A module `npm run build` wrote to dist/wasm/ of this package (found from here, compiled, bundled or not). */
function builtWasm(name: string): string {
  const file = join(packageDirectory(import.meta.url), "dist", "wasm", name);
  if (!existsSync(file)) throw new Error(`${file} is not built (run npm run build)`);
  return file;
}
