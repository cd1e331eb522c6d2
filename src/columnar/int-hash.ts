// Hashing and comparing rows of int32 columns (event keys, line tails):
// one mixing step, and list equality over two ranges of Int32Arrays.

/** Mixes one 32-bit word into a running hash (MurmurHash2's multiply-and-shift step). */
export function mixWord(hash: number, word: number): number {
  const h = Math.imul(hash ^ word, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** Whether a[aFrom .. aTo) and b[bFrom .. bTo) hold the same values in the same order. */
export function sameRange(a: Int32Array, aFrom: number, aTo: number, b: Int32Array, bFrom: number, bTo: number): boolean {
  if (aTo - aFrom !== bTo - bFrom) return false;
  for (let j = 0; j < aTo - aFrom; j++) if (a[aFrom + j] !== b[bFrom + j]) return false;
  return true;
}
