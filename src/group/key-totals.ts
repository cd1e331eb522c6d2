// Events and bytes per event key (event-keys.ts), summed per key while the events are read,
// then handed to the key's items. Sizes are exact integers (validation) and never negative,
// so a sum is exact while it stays at or under 2^53 - 1 in whatever order it is added;
// past that it goes on as a bigint (its double stays Infinity, so every later amount
// follows it there).

export class KeyTotals {
  // Sized for one key per event (pages never written take no memory): no copies as it fills.
  private readonly events: Int32Array;
  private readonly volume: Float64Array;
  /** Per key: 1 when it has no item of this partition (its events are not counted here). */
  readonly empty: Uint8Array;
  private readonly bigVolume = new Map<number, bigint>();
  private count = 0;

  constructor(capacity: number) {
    this.events = new Int32Array(capacity);
    this.volume = new Float64Array(capacity);
    this.empty = new Uint8Array(capacity);
  }

  /** The next key, and whether it has no items here. */
  addKey(empty: boolean): void {
    this.empty[this.count++] = empty ? 1 : 0;
  }

  add(key: number, size: number): void {
    this.events[key]++;
    addVolume(this.volume, this.bigVolume, key, size, undefined);
  }

  /** The items' events, volumes and big volumes: each key's totals added to every slot it touches. */
  perItem(slotOffsets: Int32Array, slots: Int32Array, itemCount: number): { events: Float64Array; volume: Float64Array; bigVolume: Map<number, bigint> } {
    const events = new Float64Array(itemCount);
    const volume = new Float64Array(itemCount);
    const bigVolume = new Map<number, bigint>();
    for (let key = 0; key < this.count; key++) {
      const keyEvents = this.events[key];
      if (keyEvents === 0) continue;
      const keyVolume = this.volume[key];
      const keyBig = keyVolume === Infinity ? this.bigVolume.get(key) : undefined;
      for (let s = slotOffsets[key]; s < slotOffsets[key + 1]; s++) {
        const slot = slots[s];
        events[slot] += keyEvents;
        addVolume(volume, bigVolume, slot, keyVolume, keyBig);
      }
    }
    return { events, volume, bigVolume };
  }
}

/** Adds `amount` (or `big`, when the amount is past 2^53 - 1 and so Infinity) to entry `at`. */
function addVolume(volume: Float64Array, big: Map<number, bigint>, at: number, amount: number, bigAmount: bigint | undefined): void {
  const sum = volume[at] + amount;
  if (sum <= Number.MAX_SAFE_INTEGER) {
    volume[at] = sum;
    return;
  }
  const before = big.get(at) ?? BigInt(volume[at]);
  big.set(at, before + (bigAmount ?? BigInt(amount)));
  volume[at] = Infinity;
}
