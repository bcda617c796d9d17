import type { RunMetrics } from "./measure.js";

interface Row {
  label: string;
  value: (m: RunMetrics) => string;
}

const ROWS: Row[] = [
  { label: "429 answers", value: (m) => String(m.rateLimited) },
  { label: "longest retry_after asked", value: (m) => `${m.maxRetryAfterSeconds} s` },
  { label: "peak replies in flight (waits included)", value: (m) => String(m.peakOutbound) },
  { label: "peak HTTP requests open at once", value: (m) => String(m.peakHttpInFlight) },
  { label: "peak open sockets", value: (m) => String(m.peakSockets) },
  { label: "handler timeouts", value: (m) => String(m.handlerTimeouts) },
  { label: "peak RSS", value: (m) => `${m.peakRssMb.toFixed(1)} MB` },
  { label: "updates handled", value: (m) => String(m.handled) },
  { label: "updates throttled", value: (m) => String(m.throttled) },
  { label: "updates lost", value: (m) => String(m.lost) },
  { label: "updates left with Telegram (redelivered)", value: (m) => String(m.leftWithTelegram) },
  { label: "first reply p50", value: (m) => seconds(m.p50FirstReplyMs, m.p50IsLowerBound) },
  { label: "first reply p99", value: (m) => seconds(m.p99FirstReplyMs, m.p99IsLowerBound) },
  { label: "answer to each update, p99", value: (m) => seconds(m.p99AnswerMs, false) },
  { label: "answer to each update, slowest", value: (m) => seconds(m.maxAnswerMs, false) },
  { label: "visits never answered", value: (m) => String(m.unansweredVisits) },
];

/** The before/after table, as a Markdown table (readable in a terminal as it is). */
export function comparisonTable(naive: RunMetrics, throttled: RunMetrics): string {
  const header = ["", "(a) naive bot", "(b) generated bot"];
  const rows = ROWS.map((row) => [row.label, row.value(naive), row.value(throttled)]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    "| " +
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") +
    " |";
  const rule =
    "| " +
    widths.map((w, i) => (i === 0 ? "-".repeat(w) : "-".repeat(w - 1) + ":")).join(" | ") +
    " |";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** What the naive bot's first failure was and what followed, in a few lines. */
export function cascadeSummary(naive: RunMetrics): string {
  const first = naive.firstFailure;
  if (first === null) return "The naive bot logged no failure.";

  const steps = first.retryAfterSteps.map((s) => `${s} s`).join(" -> ");
  return [
    `First failure, ${first.atSeconds} s into the traffic: ${first.event}: ${first.message}`,
    "What followed:",
    `  - ${naive.rateLimited} answers of 429 in all; retry_after asked: ${steps || "none"}` +
      (naive.floodEscalations > 0
        ? ` (${naive.floodEscalations} waits lengthened for sending during a wait)`
        : ""),
    `  - ${first.failureLines} warning and error lines in the log`,
    `  - replies in flight peaked at ${naive.peakOutbound}, ${first.peakOutboundAtSeconds} s in; ` +
      `${naive.peakSockets} sockets open at most`,
    `  - ${naive.lost} of ${naive.updates} updates lost: still waiting when SIGTERM came, ` +
      `their offsets already confirmed to Telegram`,
  ].join("\n");
}

function seconds(ms: number, lowerBound: boolean): string {
  return `${lowerBound ? ">= " : ""}${(ms / 1000).toFixed(2)} s`;
}
