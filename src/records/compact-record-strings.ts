// When a record id comes twice the later copy replaces the earlier one, but the strings the
// superseded copy interned (its communities above all: the default community list is every
// community the run has seen) would stay in the dictionaries. Rebuilding the dictionaries
// from what is still referenced leaves no trace of the superseded copy.

import { RunDictionary } from "../columnar/dictionaries.js";

/** The dictionary of the strings whose codes are marked used (in their first-seen order), and old code -> new code. */
export function compactDictionary(dictionary: RunDictionary, used: Uint8Array): { dictionary: RunDictionary; remap: Int32Array } {
  const compacted = new RunDictionary();
  const remap = new Int32Array(dictionary.size).fill(-1);
  for (let code = 0; code < dictionary.size; code++) {
    if (used[code] === 1) remap[code] = compacted.intern(dictionary.strings[code]);
  }
  return { dictionary: compacted, remap };
}

/** Marks the codes of `codes[start, end)` as used (negative codes are "none"). */
export function markUsed(used: Uint8Array, codes: Int32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) if (codes[i] >= 0) used[codes[i]] = 1;
}

/** Old codes to new ones in place (negative codes are "none" and stay; a code only a superseded copy used becomes -1). */
export function remapCodes(codes: Int32Array, map: Int32Array): void {
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = map[codes[i]];
}
