#!/usr/bin/env node
// usage-delta: the entry. It loads the program (program.ts: the commands and all they
// import) with a dynamic import, so that failing to load it, as under a low `ulimit -n`
// (the module loader opens many files at once), is one line naming the limit to raise.

import { EXIT } from "../model/errors.js";
import { describeLimitError } from "../model/process-limits.js";

try {
  await import("./program.js");
} catch (error) {
  const limit = describeLimitError(error);
  if (limit === undefined) throw error;
  process.stderr.write(`usage-delta: ${limit}\n`);
  process.exitCode = EXIT.limit;
}
