// Open-addressing hash table from an item key (output community, day offset, facet id,
// event type) to a dense slot number. Slots index the per-item metric arrays.

const EMPTY = -1;

export class ItemTable {
  /** Key parts by slot. `facet` is -1 for the totals item. */
  community: Int32Array;
  day: Int32Array;
  facet: Int32Array;
  type: Uint8Array;
  size = 0;
  private index: Int32Array; // hash position -> slot, EMPTY when free
  private mask: number;

  constructor(initialCapacity = 1024) {
    const capacity = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.community = new Int32Array(capacity);
    this.day = new Int32Array(capacity);
    this.facet = new Int32Array(capacity);
    this.type = new Uint8Array(capacity);
    this.index = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity * 2 - 1;
  }

  /** The slot of the key, created when new (the caller grows its metric arrays to `capacity`). */
  slot(community: number, day: number, facet: number, type: number): number {
    let position = hashItem(community, day, facet, type) & this.mask;
    for (;;) {
      const slot = this.index[position];
      if (slot === EMPTY) break;
      if (this.facet[slot] === facet && this.day[slot] === day && this.community[slot] === community && this.type[slot] === type) return slot;
      position = (position + 1) & this.mask;
    }
    if (this.size === this.community.length) {
      this.grow();
      return this.slot(community, day, facet, type);
    }
    const slot = this.size++;
    this.community[slot] = community;
    this.day[slot] = day;
    this.facet[slot] = facet;
    this.type[slot] = type;
    this.index[position] = slot;
    return slot;
  }

  get capacity(): number {
    return this.community.length;
  }

  private grow(): void {
    const capacity = this.community.length * 2;
    this.community = resize(this.community, capacity);
    this.day = resize(this.day, capacity);
    this.facet = resize(this.facet, capacity);
    this.type = resizeBytes(this.type, capacity);
    this.index = new Int32Array(capacity * 2).fill(EMPTY);
    this.mask = capacity * 2 - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let position = hashItem(this.community[slot], this.day[slot], this.facet[slot], this.type[slot]) & this.mask;
      while (this.index[position] !== EMPTY) position = (position + 1) & this.mask;
      this.index[position] = slot;
    }
  }
}

export function hashItem(community: number, day: number, facet: number, type: number): number {
  let h = Math.imul(community ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ day ^ (h >>> 15), 0x85ebca77);
  h = Math.imul(h ^ facet ^ (h >>> 13), 0xc2b2ae3d);
  h ^= type;
  return (h ^ (h >>> 16)) >>> 0;
}

export function resize(values: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(values.subarray(0, Math.min(values.length, capacity)));
  return next;
}

function resizeBytes(values: Uint8Array, capacity: number): Uint8Array {
  const next = new Uint8Array(capacity);
  next.set(values);
  return next;
}
