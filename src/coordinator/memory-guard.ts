// Watches the process's resident memory against the budget (RSS covers the worker
// threads too: they live in this process).

export class MemoryGuard {
  peakBytes = 0;

  constructor(readonly budgetBytes: number) {}

  /** Current RSS; remembers the peak. */
  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
    return rss;
  }

  overBudget(): boolean {
    return this.sample() > this.budgetBytes;
  }
}
