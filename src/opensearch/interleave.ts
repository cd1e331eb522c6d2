// Reads several streams at once and yields their items in a fixed order: round robin
// over `slots` streams running side by side; a stream that ends hands its slot to the
// next one waiting. The order depends only on how many items each stream has, never on
// which answer came first, so a run reads its input (and reports rejects) in the same
// order every time. Streams that fetch ahead (unit-pages.ts) keep every slot busy while
// the consumer waits on one of them.

export async function* interleave<T, S>(sources: readonly S[], slots: number, open: (source: S) => AsyncGenerator<T>): AsyncGenerator<T> {
  const waiting = sources.slice();
  const active: AsyncGenerator<T>[] = [];
  try {
    while (active.length < Math.max(1, slots) && waiting.length > 0) active.push(open(waiting.shift() as S));
    for (let slot = 0; active.length > 0;) {
      const step = await active[slot].next();
      if (step.done === true) {
        if (waiting.length > 0) active[slot] = open(waiting.shift() as S);
        else active.splice(slot, 1);
      } else {
        yield step.value;
        slot++;
      }
      if (slot >= active.length) slot = 0;
    }
  } finally {
    // The consumer stopped early or a stream failed: stop the others (their `finally` runs).
    await Promise.allSettled(active.map((stream) => stream.return(undefined)));
  }
}
