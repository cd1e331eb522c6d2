// The one place that turns any error into a one-line message and an exit code.

import { CommanderError } from "commander";
import { withoutCredentials } from "../model/display-url.js";
import { describeError, EXIT } from "../model/errors.js";
import { printableText } from "../model/printable-text.js";
import { stdoutHoldsDocuments } from "../sinks/output-file.js";

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
  // Whoever reads stderr may close it (`2>&1 | head`): the documents still go where they go.
  process.stderr.on("error", () => {});
  // Text on stdout that is not documents (help, version, status, demo): a reader that
  // closes it early (`--help | head -1`) ends the run as a pipe's writer does, exit 141
  // without a word. Documents on stdout report a closed pipe themselves (output-file.ts).
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (stdoutHoldsDocuments()) return;
    settled = true;
    process.exit(error.code === "EPIPE" ? EXIT.readerClosed : report(error));
  });
  // An error thrown where nothing awaits it (a bug) still ends in one line, not a stack
  // trace; process.exit runs the exit handlers that remove temporary files.
  const onStray = (error: unknown) => {
    settled = true;
    process.exit(report(error));
  };
  process.on("uncaughtException", onStray);
  process.on("unhandledRejection", onStray);
  try {
    await main();
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.exitCode = report(error);
  } finally {
    settled = true;
    process.off("beforeExit", onLoopEmpty);
  }
}

/** The break before the suggestion commander puts at the end of an error (a name quoted in it is escaped). */
const SUGGESTION_BREAK = /\n\((?=Did you mean [^\n]*\?\)$)/;
/**
 * Commander's own errors (a bad flag value, an unknown option) quote the command line:
 * inert too. Its suggestion for a mistyped name ("(Did you mean --out?)") comes on a line
 * of its own: it joins the error's line, where an escaped line break would hide it.
 */
export const COMMANDER_OUTPUT = {
  outputError: (text: string, write: (text: string) => void) => write(`${printableText(text.trimEnd().replace(SUGGESTION_BREAK, " ("))}\n`),
};

/** Prints the error's one line; returns its exit code. */
function report(error: unknown): number {
  const { message, exitCode } = describeError(error);
  // The message may quote the server or the input: one line, nothing a terminal acts
  // on, no password of a URL that some library put in it.
  process.stderr.write(`usage-delta: ${printableText(withoutCredentials(message))}\n`);
  return exitCode;
}
