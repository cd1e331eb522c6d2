// Bench: the chart of RESULTS.md, hand-written SVG: wall time and peak memory against
// events, one line per backend, both axes logarithmic.

import type { Row } from "./summarize.js";

interface Point {
  x: number;
  y: number;
}
interface Series {
  name: string;
  color: string;
  dashed: boolean;
  points: Point[];
}

const WIDTH = 980;
const PANEL = { width: 400, height: 300, top: 50, left: 70 };
const LEGEND_TOP = PANEL.top + PANEL.height + 60;

function seriesOf(rows: Row[], allThreads: number): { time: Series[]; memory: Series[] } {
  const lines: [string, string, string][] = [
    ["search/opensearch", "search (temporary index), OpenSearch", "#d62728"],
    ["pandas/files", "pandas, files", "#ff7f0e"],
    ["memory/files", "memory, files", "#7f7f7f"],
    ["parallel/files/1", "parallel 1 thread, files", "#9ecae1"],
    [`parallel/files/${allThreads}`, `parallel ${allThreads} threads, files`, "#1f77b4"],
    [`parallel/opensearch/${allThreads}`, `parallel ${allThreads} threads, OpenSearch`, "#2ca02c"],
  ];
  const pick = (key: string, value: (row: Row) => number | null): Point[] =>
    rows
      .filter((row) => row.benchCase.key === key && row.error === null)
      .map((row) => ({ x: row.events, y: value(row) ?? NaN }))
      .filter((point) => Number.isFinite(point.y) && point.y > 0)
      .sort((a, b) => a.x - b.x);
  const time = lines.map(([key, name, color]) => ({
    name,
    color,
    dashed: false,
    points: pick(key, (row) => (row.wallMs === null ? null : row.wallMs / 1000)),
  }));
  const memory = lines.map(([key, name, color]) => ({
    name,
    color,
    dashed: false,
    points: pick(key, (row) => (row.peakRssBytes === null ? null : row.peakRssBytes / 2 ** 20)),
  }));
  memory.push({
    name: "OpenSearch heap used during search",
    color: "#d62728",
    dashed: true,
    points: pick("search/opensearch", (row) => (row.heapMaxBytes === null ? null : row.heapMaxBytes / 2 ** 20)),
  });
  return { time: time.filter((s) => s.points.length > 0), memory: memory.filter((s) => s.points.length > 0) };
}

function logRange(values: number[]): [number, number] {
  const low = Math.min(...values),
    high = Math.max(...values);
  return [10 ** Math.floor(Math.log10(low / 1.2)), 10 ** Math.ceil(Math.log10(high * 1.2))];
}

function ticks([low, high]: [number, number]): number[] {
  const result: number[] = [];
  for (let decade = low; decade <= high * 1.0001; decade *= 10) {
    for (const step of [1, 2, 5]) if (decade * step <= high * 1.0001) result.push(decade * step);
  }
  return result;
}

const compact = (value: number) => (value >= 1e6 ? `${value / 1e6}M` : value >= 1e3 ? `${value / 1e3}k` : String(+value.toPrecision(3)));
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function panel(left: number, title: string, series: Series[], xs: number[]): string {
  const [xLow, xHigh] = xs.length === 1 ? [xs[0] / 3, xs[0] * 3] : [Math.min(...xs) / 1.5, Math.max(...xs) * 1.5];
  const yRange = logRange(series.flatMap((s) => s.points.map((p) => p.y)));
  const px = (x: number) => left + ((Math.log(x) - Math.log(xLow)) / (Math.log(xHigh) - Math.log(xLow))) * PANEL.width;
  const py = (y: number) => PANEL.top + PANEL.height - ((Math.log(y) - Math.log(yRange[0])) / (Math.log(yRange[1]) - Math.log(yRange[0]))) * PANEL.height;
  const parts = [`<text x="${left + PANEL.width / 2}" y="${PANEL.top - 18}" text-anchor="middle" font-weight="bold">${escape(title)}</text>`];
  parts.push(`<rect x="${left}" y="${PANEL.top}" width="${PANEL.width}" height="${PANEL.height}" fill="none" stroke="#444"/>`);
  for (const y of ticks(yRange)) {
    parts.push(`<line x1="${left}" x2="${left + PANEL.width}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${compact(y)}</text>`);
  }
  for (const x of xs) {
    parts.push(`<line x1="${px(x).toFixed(1)}" x2="${px(x).toFixed(1)}" y1="${PANEL.top}" y2="${PANEL.top + PANEL.height}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x).toFixed(1)}" y="${PANEL.top + PANEL.height + 18}" text-anchor="middle">${compact(x)}</text>`);
  }
  parts.push(`<text x="${left + PANEL.width / 2}" y="${PANEL.top + PANEL.height + 38}" text-anchor="middle">events (log scale)</text>`);
  for (const s of series) {
    const path = s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    parts.push(`<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
  }
  return parts.join("\n");
}

function legend(series: Series[]): string {
  return series
    .map((s, i) => {
      const x = PANEL.left + (i % 3) * 300,
        y = LEGEND_TOP + Math.floor(i / 3) * 20;
      const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
      return `<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${x + 30}" y="${y}">${escape(s.name)}</text>`;
    })
    .join("\n");
}

export function resultsSvg(rows: Row[], allThreads: number, caption: string): string {
  const { time, memory } = seriesOf(rows, allThreads);
  const xs = [...new Set(rows.map((row) => row.events))].sort((a, b) => a - b);
  const names = new Set<string>();
  const all = [...time, ...memory].filter((s) => !names.has(s.name) && names.add(s.name));
  const height = LEGEND_TOP + Math.ceil(all.length / 3) * 20 + 30;
  const body =
    time.length === 0
      ? '<text x="20" y="40">no measurements</text>'
      : [
          panel(PANEL.left, "wall time, s (median, process start to exit)", time, xs),
          panel(PANEL.left + PANEL.width + 90, "peak memory, MiB (RSS of the process)", memory, xs),
          legend(all),
        ].join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
${body}
<text x="${PANEL.left}" y="${height - 10}" fill="#555">${escape(caption)}</text>
</svg>
`;
}
