// Weighted choice for the generator: vocabularies with realistic frequencies and
// Zipf-like popularity of records and visitors (a few get most events, most get one).

import type { Random } from "./random.js";

export class WeightedSampler {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i];
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  get isEmpty(): boolean {
    return this.total <= 0;
  }

  sample(rng: Random): number {
    return this.sampleAt(rng.next());
  }

  /** The index for a uniform `u` in [0, 1): lets a hash pick a stable value per visitor. */
  sampleAt(u: number): number {
    const target = u * this.total;
    // Invariant: the answer is in [low, high]; zero-weight entries are never returned
    // because their cumulative sum equals their predecessor's.
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** Zipf-Mandelbrot weights `1 / (rank + offset)^exponent` for ranks 0..count-1. */
export function zipfWeights(count: number, exponent: number, offset: number): Float64Array {
  const weights = new Float64Array(count);
  for (let rank = 0; rank < count; rank++) weights[rank] = 1 / Math.pow(rank + offset, exponent);
  return weights;
}

/** A sampler over labelled entries with a `weight` field. */
export function samplerOf(entries: readonly { weight: number }[]): WeightedSampler {
  return new WeightedSampler(entries.map((entry) => entry.weight));
}
