// Ctrl-C and --timeout abort the run between chunks and windows; the engine then stops
// the workers and returns the complete days. `interrupts` is aborted by Ctrl-C only: it
// stops the sink between documents or bulk requests (a timeout still writes its complete
// days). A second Ctrl-C exits at once. The clock starts once the input is open.

import { EXIT } from "../model/errors.js";

export interface StopController {
  signal: AbortSignal;
  interrupts: AbortSignal;
  dispose(): void;
}

export function stopController(timeoutSeconds: number | undefined): StopController {
  const controller = new AbortController();
  const interrupts = new AbortController();
  const onSigint = () => {
    if (interrupts.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write("\nusage-delta: interrupted, stopping (Ctrl-C again to quit at once)\n");
    interrupts.abort("interrupt");
    controller.abort("interrupt");
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => controller.abort("timeout"), timeoutSeconds * 1000);
  timer?.unref();
  return {
    signal: controller.signal,
    interrupts: interrupts.signal,
    dispose() {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigint);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
