// Bench: what the measured programs say about themselves on stderr: the engine's summary
// (phase times, peak RSS, day windows) and the Python peers' JSON report (pandas, DuckDB).

export interface Phases {
  metadata: number;
  events: number;
  group: number;
  documents: number;
}

export interface SelfReport {
  /** The program's own wall time (without process start-up), ms. */
  wallMs: number | null;
  phasesMs: Phases | null;
  peakRssBytes: number | null;
  /** Engine: the worker threads it used. */
  threads: number | null;
  /** Engine: day windows (1 = a single pass). */
  windows: number | null;
  /** Search backend: its own line on the unique counts' deviation, when it prints one. */
  searchNote: string | null;
}

const WALL = /wall time\s+([\d.]+) s \(metadata (\d+) ms, events (\d+) ms, group (\d+) ms, documents (\d+) ms\)/;
const PEAK = /peak memory \(RSS\)\s+([\d.]+) MiB/;
const WINDOWS = /(\d+) day windows/;
const THREADS = /backend\s+\S+ \((\d+) threads?/;
const DEVIATION = /^.*deviation.*$/im;

export function parseEngineSummary(stderr: string): SelfReport {
  const wall = WALL.exec(stderr);
  const peak = PEAK.exec(stderr);
  const windows = WINDOWS.exec(stderr);
  return {
    wallMs: wall === null ? null : Number(wall[1]) * 1000,
    phasesMs: wall === null ? null : { metadata: Number(wall[2]), events: Number(wall[3]), group: Number(wall[4]), documents: Number(wall[5]) },
    peakRssBytes: peak === null ? null : Number(peak[1]) * 2 ** 20,
    threads: THREADS.exec(stderr) === null ? null : Number(THREADS.exec(stderr)![1]),
    windows: windows === null ? (wall === null ? null : 1) : Number(windows[1]),
    searchNote: DEVIATION.exec(stderr)?.[0].trim() ?? null,
  };
}

interface PythonReport {
  wall_s: number;
  phases_ms: Phases;
  peak_rss_mib: number;
}

export function parsePythonReport(stderr: string): SelfReport {
  const line = stderr
    .trim()
    .split("\n")
    .reverse()
    .find((text) => text.startsWith("{"));
  const empty: SelfReport = { wallMs: null, phasesMs: null, peakRssBytes: null, threads: 1, windows: null, searchNote: null };
  if (line === undefined) return empty;
  try {
    const report = JSON.parse(line) as PythonReport;
    return { ...empty, wallMs: report.wall_s * 1000, phasesMs: report.phases_ms, peakRssBytes: report.peak_rss_mib * 2 ** 20 };
  } catch {
    return empty;
  }
}
