// SharedArrayBuffer-backed typed arrays: columns written by one thread and read by
// others without copying (structured clone of a SharedArrayBuffer shares its memory).

export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, length) * 4), 0, length);
}

export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, length)), 0, length);
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, length) * 8), 0, length);
}

/** Copies a typed array into shared memory (once, when a column is finished). */
export function toSharedInt32(values: ArrayLike<number>, length = values.length): Int32Array {
  const shared = sharedInt32(length);
  for (let i = 0; i < length; i++) shared[i] = values[i];
  return shared;
}

/** An append-only Int32 column that doubles its (shared) storage when full. */
export class Int32ColumnBuilder {
  private values: Int32Array;
  length = 0;

  constructor(initialCapacity: number) {
    this.values = sharedInt32(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = value;
  }

  /** Whether `value` is among the entries from `start` on (short per-event lists). */
  includesSince(start: number, value: number): boolean {
    for (let i = start; i < this.length; i++) if (this.values[i] === value) return true;
    return false;
  }

  /** The filled part, in shared memory (copied when much smaller than the storage). */
  finish(): Int32Array {
    if (this.length >= this.values.length * 0.75) return this.values.subarray(0, this.length);
    const fitted = sharedInt32(this.length);
    fitted.set(this.values.subarray(0, this.length));
    return fitted;
  }

  private grow(): void {
    const next = sharedInt32(this.values.length * 2);
    next.set(this.values);
    this.values = next;
  }
}
