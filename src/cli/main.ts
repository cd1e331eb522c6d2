#!/usr/bin/env node
// usage-delta: the entry. It checks the open-file limit, then loads the program
// (program.ts: the commands and all they import) with a dynamic import, so that failing to
// load it, as when open files run out anyway, is one line naming the limit to raise.

import { EXIT } from "../model/errors.js";
import { describeLimitError, openFilesShortfall } from "../model/process-limits.js";

const shortfall = openFilesShortfall();
if (shortfall === undefined) await loadProgram();
else refuse(shortfall);

async function loadProgram(): Promise<void> {
  try {
    await import("./program.js");
  } catch (error) {
    const limit = describeLimitError(error);
    if (limit === undefined) throw error;
    refuse(limit);
  }
}

function refuse(line: string): void {
  process.stderr.write(`usage-delta: ${line}\n`);
  process.exitCode = EXIT.limit;
}
