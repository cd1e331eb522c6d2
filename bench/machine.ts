// Bench: what the results were measured on (cores, memory, versions, commit, date).

import { execFile } from "node:child_process";
import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Machine {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  python: string | null;
  pandas: string | null;
  numpy: string | null;
  duckdb: string | null;
  openSearch: string | null;
  commit: string;
  /** Files of src/ or workers/ with uncommitted changes when the bench ran (the build measured has them). */
  uncommitted: number;
  loadAtStart: number[];
}

export async function describeMachine(python: string | null, openSearch: string | null): Promise<Machine> {
  let versions: { python: string; pandas: string; numpy: string; duckdb: string } | null = null;
  if (python !== null) {
    const script =
      "import json,sys,pandas,numpy,duckdb;print(json.dumps({'python':sys.version.split()[0],'pandas':pandas.__version__,'numpy':numpy.__version__,'duckdb':duckdb.__version__}))";
    versions = await run(python, ["-c", script]).then(
      ({ stdout }) => JSON.parse(stdout) as typeof versions,
      () => null,
    );
  }
  const commit = await run("git", ["rev-parse", "--short", "HEAD"]).then(
    ({ stdout }) => stdout.trim(),
    () => "unknown",
  );
  const uncommitted = await run("git", ["status", "--porcelain", "--", "src", "workers"]).then(
    ({ stdout }) => stdout.split("\n").filter((line) => line.trim() !== "").length,
    () => 0,
  );
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.version,
    python: versions?.python ?? null,
    pandas: versions?.pandas ?? null,
    numpy: versions?.numpy ?? null,
    duckdb: versions?.duckdb ?? null,
    openSearch,
    commit,
    uncommitted,
    loadAtStart: loadavg(),
  };
}
