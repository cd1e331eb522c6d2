// Bench: the ratios measured in the same run (RESULTS.md's ratios table).

import type { DataShape } from "../src/generate/data-shapes.js";
import { LARGE_SIZE } from "./bench-options.js";
import { ONE_PASS_BUDGET } from "./cases.js";
import { aggregationMs, bestText, boundedRows, faster, fasterText, find, mib, seconds, speedup, times, wallText } from "./compare-rows.js";
import type { Row } from "./summarize.js";

export interface Ratio {
  events: number;
  /** The data shape the ratio was measured on (set by the caller). */
  shape?: DataShape;
  name: string;
  /** The ratio as text: "12.3x", ">= 40x" (a side timed out), an RSS share, or "n/a". */
  value: string;
  detail: string;
}

export function ratiosFor(rows: Row[], events: number, allThreads: number): Ratio[] {
  const all = `/${allThreads}`;
  if (events >= LARGE_SIZE) {
    const { bounded, single } = boundedRows(rows, events, all);
    const onePass = find(rows, events, `memory/files/max-${ONE_PASS_BUDGET}`);
    const rss = (name: string, top: Row | undefined, bottom: Row | undefined): Ratio => {
      const share = top?.peakRssBytes == null || bottom?.peakRssBytes == null ? null : top.peakRssBytes / bottom.peakRssBytes;
      return { events, name, value: share === null ? "n/a" : `${share.toFixed(2)}x`, detail: `${mib(top?.peakRssBytes)} / ${mib(bottom?.peakRssBytes)}` };
    };
    const n = events.toLocaleString("en");
    const duckdb = find(rows, events, "duckdb/files");
    const parallelOnePass = find(rows, events, `parallel/files${all}/max-${ONE_PASS_BUDGET}`);
    return [
      {
        events,
        name: `parallel --max-memory ${ONE_PASS_BUDGET} (one pass) vs DuckDB, end to end`,
        value: fasterText(faster(duckdb, parallelOnePass)),
        detail: `${wallText(duckdb)} / ${wallText(parallelOnePass)}; ${bestText(duckdb, parallelOnePass)}`,
      },
      {
        events,
        name: `CPU time, DuckDB / parallel --max-memory ${ONE_PASS_BUDGET}`,
        value: times(speedup(duckdb?.cpuMs, parallelOnePass?.cpuMs)),
        detail: `${seconds(duckdb?.cpuMs)} / ${seconds(parallelOnePass?.cpuMs)}`,
      },
      rss(`peak RSS, parallel --max-memory ${ONE_PASS_BUDGET} / DuckDB`, parallelOnePass, duckdb),
      {
        events,
        name: "parallel --max-memory 2G vs DuckDB, end to end",
        value: fasterText(faster(duckdb, bounded)),
        detail: `${wallText(duckdb)} / ${wallText(bounded)}; ${bestText(duckdb, bounded)}`,
      },
      {
        events,
        name: "CPU time, DuckDB / parallel --max-memory 2G",
        value: times(speedup(duckdb?.cpuMs, bounded?.cpuMs)),
        detail: `${seconds(duckdb?.cpuMs)} / ${seconds(bounded?.cpuMs)}`,
      },
      rss(`peak RSS, parallel --max-memory 2G / DuckDB`, bounded, duckdb),
      rss(`peak RSS, ${n} events in day windows / 1,000,000 in one pass`, bounded, single),
      rss(`peak RSS, ${n} events in day windows / ${n} in one pass (memory backend)`, bounded, onePass),
    ];
  }
  const parallelFiles = find(rows, events, `parallel/files${all}`);
  const auto = find(rows, events, "auto/files");
  const parallelSearch = find(rows, events, `parallel/opensearch${all}`);
  const search = find(rows, events, "search/opensearch");
  const pandas = find(rows, events, "pandas/files");
  const duckdb = find(rows, events, "duckdb/files");
  const memory = find(rows, events, "memory/files");
  const one = find(rows, events, "parallel/files/1");
  const two = find(rows, events, "parallel/files/2");
  const endToEnd = (name: string, slow: Row | undefined, fast: Row | undefined): Ratio => ({
    events,
    name,
    value: fasterText(faster(slow, fast)),
    detail: `${wallText(slow)} / ${wallText(fast)}`,
  });
  const peerEndToEnd = (name: string, slow: Row | undefined, fast: Row | undefined): Ratio => {
    const ratio = endToEnd(name, slow, fast);
    return { ...ratio, detail: `${ratio.detail}; ${bestText(slow, fast)}` };
  };
  const share = parallelFiles?.peakRssBytes == null || pandas?.peakRssBytes == null ? null : parallelFiles.peakRssBytes / pandas.peakRssBytes;
  const phase = (name: string, slow: number | null | undefined, fast: number | null | undefined): Ratio => ({
    events,
    name,
    value: times(speedup(slow, fast)),
    detail: `${seconds(slow)} / ${seconds(fast)}`,
  });
  const rssShare = (other: Row | undefined) =>
    parallelFiles?.peakRssBytes == null || other?.peakRssBytes == null ? null : parallelFiles.peakRssBytes / other.peakRssBytes;
  return [
    peerEndToEnd("usage-delta as the planner runs it (auto) vs DuckDB, end to end", duckdb, auto),
    peerEndToEnd("parallel (files) vs DuckDB, end to end", duckdb, parallelFiles),
    phase("CPU time (user + system), DuckDB / parallel (files)", duckdb?.cpuMs, parallelFiles?.cpuMs),
    {
      events,
      name: "peak RSS, parallel (files) / DuckDB",
      value: rssShare(duckdb)?.toFixed(2) ?? "n/a",
      detail: `${mib(parallelFiles?.peakRssBytes)} / ${mib(duckdb?.peakRssBytes)}`,
    },
    endToEnd("parallel (OpenSearch) vs search, end to end", search, parallelSearch),
    endToEnd("parallel (files) vs search, end to end", search, parallelFiles),
    endToEnd("parallel (files) vs pandas, end to end", pandas, parallelFiles),
    endToEnd("memory backend vs pandas, end to end", pandas, memory),
    {
      events,
      name: "peak RSS, parallel (files) / pandas",
      value: share === null ? "n/a" : share.toFixed(2),
      detail: `${mib(parallelFiles?.peakRssBytes)} / ${mib(pandas?.peakRssBytes)}`,
    },
    phase("2 threads vs 1, aggregation phase (events + group)", aggregationMs(one), aggregationMs(two)),
    phase("2 threads vs 1, events phase alone", one?.phasesMs?.events, two?.phasesMs?.events),
    phase("2 threads vs 1, group phase alone", one?.phasesMs?.group, two?.phasesMs?.group),
    phase("CPU time (user + system), 2 threads / 1 thread", two?.cpuMs, one?.cpuMs),
    endToEnd("2 threads vs 1, end to end", one, two),
  ];
}
