// Dictionary encoding of strings to dense int32 codes, at two scopes:
// - ChunkDictionary (in a worker, per chunk): strings the shared record index already
//   knows get their run-wide code; new strings get chunk-local codes (negative).
// - RunDictionary (coordinator, per run): the run-wide code of every string, seeded with
//   the record index's strings so that their codes agree with the workers' known codes.

import { localCode } from "./encoded-chunk.js";
import type { StringCodes } from "./string-lookup.js";

export class ChunkDictionary {
  readonly strings: string[] = [];
  private readonly local = new Map<string, number>();

  constructor(private readonly known?: StringCodes) {}

  encode(value: string): number {
    const knownCode = this.known?.get(value);
    if (knownCode !== undefined) return knownCode;
    let code = this.local.get(value);
    if (code === undefined) {
      code = localCode(this.strings.length);
      this.strings.push(value);
      this.local.set(value, code);
    }
    return code;
  }
}

export class RunDictionary {
  readonly strings: string[];
  private readonly codes = new Map<string, number>();

  constructor(seed: readonly string[] = []) {
    this.strings = [...seed];
    for (let i = 0; i < seed.length; i++) this.codes.set(seed[i], i);
  }

  get size(): number {
    return this.strings.length;
  }

  codeOf(value: string): number | undefined {
    return this.codes.get(value);
  }

  intern(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** Run-wide codes for a chunk's local strings: remap[i] is the code of local code -1-i. */
  internAll(localStrings: readonly string[]): Int32Array {
    const remap = new Int32Array(localStrings.length);
    for (let i = 0; i < localStrings.length; i++) remap[i] = this.intern(localStrings[i]);
    return remap;
  }
}
