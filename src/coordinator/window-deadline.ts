// `--community-timeout`: the engine computes every community in the same pass, window of
// days by window of days, so the per-community clock of the dashboard's aggregator
// becomes a limit on any one window (on the whole range in a single pass). A window over
// it stops the run like `--timeout`: the days before it stand, the rest is reported.

export interface WindowDeadline {
  /** Aborted by the run's own signal (its reason passed on) or, with reason "timeout", by the limit. */
  signal: AbortSignal | undefined;
  /** The limit (not the run's signal) ran out. */
  expired(): boolean;
  dispose(): void;
}

export function windowDeadline(run: AbortSignal | undefined, limitMs: number | undefined): WindowDeadline {
  if (limitMs === undefined) return { signal: run, expired: () => false, dispose() {} };
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = !controller.signal.aborted;
    controller.abort("timeout");
  }, limitMs);
  timer.unref();
  const forward = () => controller.abort(run?.reason);
  if (run?.aborted === true) forward();
  run?.addEventListener("abort", forward, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose() {
      clearTimeout(timer);
      run?.removeEventListener("abort", forward);
    },
  };
}
