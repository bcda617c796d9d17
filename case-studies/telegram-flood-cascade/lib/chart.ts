import type { Series } from "./measure.js";

export interface ChartRun {
  label: string;
  color: string;
  series: Series;
}

export interface ChartOptions {
  title: string;
  subtitle: string;
  /** Seconds after the start when the traffic ended; drawn as a dashed line. */
  trafficEndSeconds: number;
  /** Seconds after the start when the bots were sent SIGTERM; drawn as a dashed line. */
  stopSeconds: number;
  runs: ChartRun[];
}

interface Panel {
  title: string;
  values: (series: Series) => number[];
}

const PANELS: Panel[] = [
  { title: "Outgoing requests per second", values: (s) => s.outboundPerSecond },
  { title: "429 answers per second", values: (s) => s.rateLimitedPerSecond },
  { title: "Replies in flight (retry_after waits included)", values: (s) => s.inFlight },
  { title: "Open sockets to the Bot API", values: (s) => s.openSockets },
  { title: "Resident memory of the bot process (MB)", values: (s) => s.rssMb },
];

const WIDTH = 900;
const LEFT = 56;
const RIGHT = 20;
const TOP = 78;
const PANEL_HEIGHT = 110;
const PANEL_GAP = 52;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;

/** A line chart, one panel per measure, one line per run; plain SVG, no dependencies. */
export function renderChart(options: ChartOptions): string {
  const seconds = Math.max(
    ...options.runs.map((r) => (r.series.rssMb.length * r.series.binMs) / 1000),
  );
  const xOf = (s: number) => LEFT + (s / seconds) * PLOT_WIDTH;
  const height = TOP + PANELS.length * (PANEL_HEIGHT + PANEL_GAP) + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" ` +
      `viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(LEFT, 24, escape(options.title), 'font-size="16" font-weight="bold"'),
    text(LEFT, 42, escape(options.subtitle), 'fill="#555555"'),
    ...legend(options.runs),
  ];

  PANELS.forEach((panel, index) => {
    const top = TOP + index * (PANEL_HEIGHT + PANEL_GAP) + 18;
    const bottom = top + PANEL_HEIGHT;
    const max = niceMax(Math.max(1, ...options.runs.flatMap((r) => panel.values(r.series))));
    const yOf = (v: number) => bottom - (v / max) * PANEL_HEIGHT;

    parts.push(text(LEFT, top - 8, escape(panel.title), 'font-weight="bold"'));
    for (const tick of [0, max / 2, max]) {
      const y = yOf(tick).toFixed(1);
      parts.push(
        `<line x1="${LEFT}" y1="${y}" x2="${LEFT + PLOT_WIDTH}" y2="${y}" stroke="#e3e3e3"/>`,
        text(LEFT - 6, Number(y) + 4, formatTick(tick), 'text-anchor="end" fill="#555555"'),
      );
    }
    parts.push(marker(xOf(options.trafficEndSeconds), top, bottom, "traffic ends"));
    parts.push(marker(xOf(options.stopSeconds), top, bottom, "SIGTERM"));
    for (const run of options.runs) {
      const points = panel
        .values(run.series)
        .map(
          (v, bin) =>
            `${xOf(((bin + 0.5) * run.series.binMs) / 1000).toFixed(1)},${yOf(v).toFixed(1)}`,
        );
      parts.push(
        `<polyline fill="none" stroke="${run.color}" stroke-width="1.6" ` +
          `points="${points.join(" ")}"/>`,
      );
    }
    for (let s = 0; s <= seconds; s += tickStep(seconds)) {
      parts.push(text(xOf(s), bottom + 14, `${s} s`, 'text-anchor="middle" fill="#555555"'));
    }
  });

  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

function legend(runs: ChartRun[]): string[] {
  return runs.flatMap((run, i) => {
    const x = LEFT + i * 330;
    return [
      `<line x1="${x}" y1="60" x2="${x + 24}" y2="60" stroke="${run.color}" stroke-width="3"/>`,
      text(x + 30, 64, escape(run.label)),
    ];
  });
}

// Labels go left of the line, where the later marker cannot cover them.
function marker(x: number, top: number, bottom: number, label: string): string {
  const at = x.toFixed(1);
  return (
    `<line x1="${at}" y1="${top}" x2="${at}" y2="${bottom}" ` +
    `stroke="#999999" stroke-dasharray="4 3"/>\n` +
    text(x - 4, top + 10, label, 'text-anchor="end" fill="#999999" font-size="10"')
  );
}

function text(x: number, y: number, content: string, attributes = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${content}</text>`;
}

function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `value`. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!;
}

function tickStep(seconds: number): number {
  return seconds > 60 ? 10 : 5;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
