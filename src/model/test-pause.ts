// For tests of signals: a pause at the start of a phase, so that a signal a test sends
// lands in that phase however fast the machine. Set by tests only, not a user option:
// USAGE_DELTA_TEST_PAUSE_AT=group (the group stage), write (the write of the documents)
// or bulk (the OpenSearch sink, after its first bulk request was answered). The pause says so on stderr, then lasts until the run is interrupted (at
// most a minute), and the phase goes on as it would after a signal arriving in it.

const TEST_PAUSE_AT = process.env.USAGE_DELTA_TEST_PAUSE_AT ?? "";
const MAX_PAUSE_MS = 60_000;

export type PausePhase = "group" | "write" | "bulk";

export async function pauseForTest(phase: PausePhase, signal: AbortSignal | undefined): Promise<void> {
  if (TEST_PAUSE_AT !== phase) return;
  process.stderr.write(`usage-delta test hook: paused at the ${phase} stage\n`);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, MAX_PAUSE_MS);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    if (signal?.aborted === true) done();
    else signal?.addEventListener("abort", done);
  });
}
