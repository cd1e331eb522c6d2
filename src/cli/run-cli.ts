// The one place that turns any error into a one-line message and an exit code.

import { CommanderError } from "commander";
import { describeError, EXIT } from "../model/errors.js";

export async function runCli(main: () => Promise<void>): Promise<void> {
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
  }
}
