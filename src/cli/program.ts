// usage-delta: the command line (loaded by main.ts). One file per command; this one only assembles them.

import { Command } from "commander";
import { aggregateCommand } from "./aggregate-command.js";
import { demoCommand } from "./demo-command.js";
import { generateCommand } from "./generate-command.js";
import { packageVersion } from "./package-version.js";
import { COMMANDER_OUTPUT, runCli } from "./run-cli.js";
import { statusCommand } from "./status-command.js";

const program = new Command("usage-delta")
  .description("Exact daily per-community usage statistics for InvenioRDM, on every core")
  .version(packageVersion(), "-V, --version", "print the version and exit")
  .exitOverride()
  .addCommand(aggregateCommand())
  .addCommand(generateCommand())
  .addCommand(demoCommand())
  .addCommand(statusCommand());
for (const command of [program, ...program.commands]) command.exitOverride().configureOutput(COMMANDER_OUTPUT);

await runCli(async () => {
  await program.parseAsync(process.argv);
});
