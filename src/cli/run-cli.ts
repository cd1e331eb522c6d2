// The one place that turns any error into a one-line message and an exit code.

import { CommanderError } from "commander";
import { describeError, EXIT } from "../model/errors.js";

export async function runCli(main: () => Promise<void>): Promise<void> {
  // Node ends a process whose event loop empties while the top-level await still waits
  // with exit 13 and no word. That would be a bug (a promise nothing will settle); say so.
  let settled = false;
  const onLoopEmpty = () => {
    if (settled) return;
    settled = true;
    process.stderr.write("usage-delta: internal error: the run stopped before it finished, with nothing left to wait for\n");
    process.exitCode = EXIT.failure;
  };
  process.on("beforeExit", onLoopEmpty);
  try {
    await main();
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const { message, exitCode } = describeError(error);
    process.stderr.write(`usage-delta: ${message}\n`);
    process.exitCode = exitCode;
  } finally {
    settled = true;
    process.off("beforeExit", onLoopEmpty);
  }
}
