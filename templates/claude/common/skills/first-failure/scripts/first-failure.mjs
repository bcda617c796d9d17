#!/usr/bin/env node
// Finds the first failure in a log, the timeline that followed it, and the
// pattern that repeats (with its period, e.g. "every ~140 min").
//
//   node first-failure.mjs [file] [--json] [--gap <seconds>] [--limit <n>]
//
// Reads stdin when no file is given. Understands plain "timestamp level
// message" lines, Python logging and tracebacks, Node stack traces, Go panics
// and log lines, systemd journal (short and short-iso), kernel OOM lines and
// JSON logs (pino, structlog, zap, bunyan...). No dependencies.
//
// Also importable: `analyzeLog(text, options)` returns the same data as --json.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Silence between failures that separates one cycle from the next, in seconds. */
const DEFAULT_GAP_SECONDS = 300;
/** Timeline entries printed after the first failure. */
const DEFAULT_LIMIT = 25;

const LEVELS = {
  trace: 0,
  debug: 1,
  info: 2,
  notice: 2,
  warn: 3,
  warning: 3,
  error: 4,
  err: 4,
  critical: 5,
  crit: 5,
  alert: 5,
  fatal: 5,
  emerg: 5,
  panic: 5,
};
const PINO_LEVELS = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
const FAILURE_WORDS =
  /(\b|[a-z])(Error|Exception)\b|\b(exception|traceback|panic|fatal|errors?|fail(ed|ure|s)?|timed? ?out|timeout|refused|reset by peer|broken pipe|too many requests|429|retry[ _]after|flood|locked|out of memory|oom|killed|segmentation fault|unclosed|deadlock|leak(ed)?|unhandled|uncaught)\b/i;
const MONTHS = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/**
 * Analyzes a whole log.
 * @param {string} text
 * @param {{ gapSeconds?: number, limit?: number }} [options]
 */
export function analyzeLog(text, options = {}) {
  const gapSeconds = options.gapSeconds ?? DEFAULT_GAP_SECONDS;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const rawLines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  const events = groupEvents(rawLines.map(parseLine));
  const failures = events.filter((e) => e.failure);
  const first = failures[0] ?? null;

  return {
    lines: text === "" ? 0 : rawLines.length,
    events: events.length,
    failures: failures.length,
    firstFailure: first && describe(first),
    timeline: first ? timelineAfter(first, events, gapSeconds, limit) : [],
    pattern: findPattern(failures, gapSeconds),
  };
}

/** Splits one raw line into timestamp, level, source and message. */
function parseLine(raw, index) {
  const line = {
    lineNumber: index + 1,
    raw,
    time: null,
    timeText: null,
    level: null,
    source: null,
  };
  const json = raw.trimStart().startsWith("{") ? parseJsonLine(raw) : null;
  if (json) return { ...line, ...json };

  let rest = raw;
  const stamp = matchTimestamp(rest);
  if (stamp) {
    line.time = stamp.time;
    line.timeText = stamp.text;
    line.yearless = stamp.syslog;
    rest = rest.slice(stamp.length);
  }
  const journal = stamp && rest.match(JOURNAL_PREFIX);
  if (journal && (stamp.syslog || journal[3] || journal[2] === "kernel")) {
    line.source = journal[2];
    rest = rest.slice(journal[0].length);
    // An application's own timestamp inside a journal line says nothing new.
    const inner = matchTimestamp(rest);
    if (inner) rest = rest.slice(inner.length);
  }
  const level = findLevel(rest, Boolean(stamp));
  if (level) {
    line.level = level.name;
    if (level.source) line.source ??= level.source;
    rest = level.rest;
  }
  return { ...line, message: stamp ? rest.replace(/^\s/, "").trimEnd() : rest };
}

/** "host unit[pid]: " after a syslog or short-iso journal timestamp. */
const JOURNAL_PREFIX = /^\s+([\w.-]+)\s+([\w@.\-/]+?)(\[\d+\])?:\s?/;
const LEVEL_NAMES =
  "TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERR(?:OR)?|CRIT(?:ICAL)?|ALERT|FATAL|EMERG|PANIC";

/**
 * Finds the level near the start of a line: "ERROR msg", "[error] msg",
 * "- logger - ERROR - msg", or Python's default "ERROR:logger:msg".
 */
function findLevel(text, stamped) {
  const bare = text.match(new RegExp(`^(${LEVEL_NAMES}):([\\w.]+):`));
  if (bare)
    return { name: bare[1].toLowerCase(), source: bare[2], rest: text.slice(bare[0].length) };
  if (!stamped) return null;
  const near = text
    .slice(0, 80)
    .match(
      new RegExp(
        `^([\\s\\[|:-]*(?:([\\w.]+)[\\s\\]|:-]+)??)\\[?(${LEVEL_NAMES})\\b[\\]:|\\s-]*`,
        "i",
      ),
    );
  if (!near) return null;
  return {
    name: near[3].toLowerCase(),
    source: near[2] ?? null,
    rest: text.slice(near[0].length),
  };
}

/**
 * ISO 8601, "2024-05-01 12:00:00,123", Go's "2024/05/01 12:00:00",
 * syslog/journal "May 01 12:00:00".
 */
function matchTimestamp(text) {
  const iso = text.match(
    /^\[?(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?\]?/,
  );
  if (iso) {
    const [, y, mo, d, h, mi, s, frac = "0", zone = "Z"] = iso;
    const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
    const offset = zone === "Z" ? 0 : zoneMinutes(zone);
    const time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms) - offset * 60_000;
    return { time, text: iso[0].replace(/^\[|\]$/g, ""), length: iso[0].length, syslog: false };
  }
  const syslog = text.match(
    /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/,
  );
  if (syslog && MONTHS[syslog[1].toLowerCase()] !== undefined) {
    const [, mon, d, h, mi, s, frac = "0"] = syslog;
    const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
    // Syslog stamps carry no year; only the distances between lines matter here.
    const time = Date.UTC(2000, MONTHS[mon.toLowerCase()], +d, +h, +mi, +s, ms);
    return { time, text: syslog[0], length: syslog[0].length, syslog: true };
  }
  return null;
}

function zoneMinutes(zone) {
  const [, sign, h, m] = zone.match(/([+-])(\d{2}):?(\d{2})/);
  return (sign === "-" ? -1 : 1) * (Number(h) * 60 + Number(m));
}

/** One JSON object per line: the usual names for time, level, message and error. */
function parseJsonLine(raw) {
  let record;
  try {
    record = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!record || typeof record !== "object" || Array.isArray(record)) return null;

  const rawTime = record.time ?? record.timestamp ?? record.ts ?? record["@timestamp"] ?? record.t;
  const time = parseJsonTime(rawTime);
  const rawLevel =
    record.level ?? record.severity ?? record.lvl ?? record.levelname ?? record.log_level;
  const level =
    typeof rawLevel === "number"
      ? (PINO_LEVELS[rawLevel] ?? null)
      : rawLevel
        ? String(rawLevel).toLowerCase()
        : null;
  const text = record.msg ?? record.message ?? record.event ?? record.error ?? "";
  const err = record.err ?? record.error;
  const errText =
    err && typeof err === "object"
      ? [err.type ?? err.name, err.message].filter(Boolean).join(": ")
      : "";
  const stack = err && typeof err === "object" && typeof err.stack === "string" ? err.stack : "";
  const message = [String(text), errText].filter(Boolean).join(": ");
  return {
    time,
    timeText:
      typeof rawTime === "number" && time !== null
        ? new Date(time).toISOString()
        : rawTime === undefined
          ? null
          : String(rawTime),
    level,
    source: record.logger ?? record.name ?? record.module ?? null,
    message: message || raw.trim(),
    detail: stack || String(record.exc_info ?? record.exception ?? record.stack ?? ""),
  };
}

function parseJsonTime(value) {
  if (typeof value === "number") return value > 1e12 ? value : value * 1000;
  if (typeof value !== "string") return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/**
 * Joins the lines of one event: a Python traceback under its log line, the
 * frames of a Node stack trace, the goroutine dump of a Go panic.
 */
function groupEvents(lines) {
  const anyTimestamps = lines.some((l) => l.time !== null);
  const events = [];
  let current = null;

  for (const line of lines) {
    if (line.raw.trim() === "") {
      if (current?.mode) current.lines.push(line.raw);
      continue;
    }
    if (current && continues(current, line, anyTimestamps)) {
      absorb(current, line);
      continue;
    }
    current = startEvent(line);
    events.push(current);
  }
  for (const event of events) classify(event);
  return events;
}

function startEvent(line) {
  const message = line.message;
  const mode = /^panic:|^fatal error:/.test(message)
    ? "panic"
    : /^Traceback \(most recent call last\)/.test(message)
      ? "traceback"
      : null;
  return { ...line, lines: [line.raw], mode, exception: null, detail: line.detail ?? "" };
}

function continues(event, line, anyTimestamps) {
  const message = line.message;
  const closeInTime = line.time === null || event.time === null || line.time - event.time < 2000;
  const sameSource = !line.source || !event.source || line.source === event.source;
  if (!closeInTime || !sameSource) return false;
  if (line.level || /^(panic:|fatal error:)/.test(message)) return false;
  if (anyTimestamps && line.time === null && !isTraceback(message)) return true;
  if (/^\s/.test(message) || (/^\s/.test(line.raw) && line.time === null)) return true;
  if (
    /^(Traceback \(most recent call last\)|During handling of the above|The above exception)/.test(
      message,
    )
  ) {
    return event.mode !== "panic" && (event.mode === "traceback" || isFailureText(event));
  }
  if (event.mode === "traceback" && /^[A-Za-z_][\w.]*(: |$)/.test(message)) return true;
  if (event.mode === "panic") {
    return /^(goroutine \d+ \[|\[signal |exit status \d|created by |[\w./*()-]+\(.*\)$|\t)/.test(
      message,
    );
  }
  return /^(Caused by:|Node\.js v\d|\^+$)/.test(message);
}

function isTraceback(message) {
  return /^Traceback \(most recent call last\)/.test(message);
}

function absorb(event, line) {
  const message = line.message;
  event.lines.push(line.raw);
  if (/^Traceback \(most recent call last\)/.test(message)) event.mode = "traceback";
  else if (event.mode === "traceback" && /^[A-Za-z_][\w.]*(: |$)/.test(message)) {
    event.exception = message;
  } else if (!event.mode && /^\s*at /.test(message)) event.mode = "stack";
}

function isFailureText(event) {
  return (LEVELS[event.level] ?? 2) >= LEVELS.warn || FAILURE_WORDS.test(event.message);
}

/**
 * An error-level line is a failure; so is a warning or an unlevelled line
 * that names a failure (429s and "unclosed session" are often warnings, the
 * kernel's OOM kill has no level at all), and any traceback or panic.
 */
function classify(event) {
  const rank = LEVELS[event.level];
  const words = FAILURE_WORDS.test(event.message) || FAILURE_WORDS.test(event.exception ?? "");
  event.failure =
    event.mode === "traceback" ||
    event.mode === "panic" ||
    rank >= LEVELS.error ||
    (rank === LEVELS.warn && words) ||
    (rank === undefined && words);
  event.summary = summarize(event);
  event.signature = signatureOf(event.summary);
}

function summarize(event) {
  const head = event.message.trim().slice(0, 300);
  if (isTraceback(head) && event.exception) return event.exception;
  if (event.exception && !head.includes(event.exception)) return `${head} | ${event.exception}`;
  return head;
}

/** The message with its variable parts (numbers, ids, quoted values) masked. */
export function signatureOf(summary) {
  return summary
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
    .replace(/0x[0-9a-f]+/gi, "<hex>")
    .replace(/(["'])(?:(?!\1).){0,200}\1/g, "<str>")
    .replace(/\d+(\.\d+)?/g, "<n>")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 160);
}

function describe(event) {
  return {
    line: event.lineNumber,
    time: event.time === null || event.yearless ? null : new Date(event.time).toISOString(),
    timeText: event.timeText,
    level: event.level,
    source: event.source,
    summary: event.summary,
    signature: event.signature,
    text: event.lines.join("\n").trimEnd(),
  };
}

/**
 * What happened from the first failure to the end of its cycle: warnings and
 * failures, with runs of the same message folded into one entry with a count.
 */
function timelineAfter(first, events, gapSeconds, limit) {
  const start = events.indexOf(first);
  const entries = [];
  let lastFailureTime = first.time;

  for (const event of events.slice(start)) {
    if (
      event.time !== null &&
      lastFailureTime !== null &&
      event.time - lastFailureTime > gapSeconds * 1000
    )
      break;
    const notable = event.failure || (LEVELS[event.level] ?? 0) >= LEVELS.warn || isRestart(event);
    if (!notable) continue;
    if (event.failure && event.time !== null) lastFailureTime = event.time;

    const previous = entries.at(-1);
    if (previous && previous.signature === event.signature) {
      previous.count++;
      previous.lastLine = event.lineNumber;
      continue;
    }
    if (entries.length === limit) break;
    entries.push({
      line: event.lineNumber,
      lastLine: event.lineNumber,
      offsetSeconds:
        event.time === null || first.time === null ? null : (event.time - first.time) / 1000,
      level: event.level,
      failure: event.failure,
      summary: event.summary,
      signature: event.signature,
      count: 1,
    });
  }
  return entries;
}

function isRestart(event) {
  return /\b(Started|Starting|Scheduled restart job|start request repeated|restarting|Main process exited)\b/.test(
    event.message,
  );
}

/**
 * Cycles are runs of failures separated by more than `gapSeconds` of quiet.
 * The pattern is the opening sequence most cycles share; its period is the
 * median time between the starts of those cycles.
 */
function findPattern(failures, gapSeconds) {
  const timed = failures.filter((f) => f.time !== null);
  if (timed.length === 0) return repetitionWithoutTime(failures);

  const cycles = [];
  for (const failure of timed) {
    const current = cycles.at(-1);
    if (current && failure.time - current.lastTime <= gapSeconds * 1000) {
      current.lastTime = failure.time;
      current.failures.push(failure);
    } else {
      cycles.push({
        start: failure.time,
        lastTime: failure.time,
        failures: [failure],
        label: failure.timeText,
      });
    }
  }

  const byOpening = new Map();
  for (const cycle of cycles) {
    const key = cycle.failures[0].signature;
    byOpening.set(key, [...(byOpening.get(key) ?? []), cycle]);
  }
  const [opening, matching] = [...byOpening.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  const intervals = matching.slice(1).map((c, i) => (c.start - matching[i].start) / 1000);
  const sequence = distinctInOrder(matching[0].failures).slice(0, 8);

  return {
    cycles: cycles.length,
    repeating: matching.length,
    opening,
    sequence,
    periodSeconds: intervals.length ? median(intervals) : null,
    minSeconds: intervals.length ? Math.min(...intervals) : null,
    maxSeconds: intervals.length ? Math.max(...intervals) : null,
    starts: matching.map((c) => c.label),
  };
}

function repetitionWithoutTime(failures) {
  if (failures.length === 0) return null;
  const opening = failures[0].signature;
  return {
    cycles: null,
    repeating: failures.filter((f) => f.signature === opening).length,
    opening,
    sequence: distinctInOrder(failures).slice(0, 8),
    periodSeconds: null,
    minSeconds: null,
    maxSeconds: null,
    starts: [],
  };
}

function distinctInOrder(failures) {
  const seen = new Set();
  const out = [];
  for (const f of failures) {
    if (seen.has(f.signature)) continue;
    seen.add(f.signature);
    out.push(f.summary);
  }
  return out;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The human-readable report printed without --json. */
export function formatReport(result) {
  const out = [];
  const first = result.firstFailure;
  if (!first) {
    out.push(`No failure found in ${result.lines} lines (${result.events} events).`);
    return out.join("\n");
  }

  out.push(`First failure: line ${first.line}${first.timeText ? `, ${first.timeText}` : ""}`);
  out.push(indent(first.text.split("\n").slice(0, 30).join("\n")));
  out.push("");
  out.push("Timeline after it (until the log goes quiet):");
  for (const entry of result.timeline) {
    const offset =
      entry.offsetSeconds === null ? "" : `+${formatDuration(entry.offsetSeconds)}`.padEnd(9);
    const count = entry.count > 1 ? ` (x${entry.count}, to line ${entry.lastLine})` : "";
    const level = (entry.level ?? (entry.failure ? "fail" : "")).toUpperCase().padEnd(8);
    out.push(
      `  ${offset}line ${String(entry.line).padEnd(6)} ${level} ` +
        `${entry.summary.slice(0, 140)}${count}`,
    );
  }
  out.push("");
  out.push(...describePattern(result.pattern));
  out.push("");
  out.push(
    "Read the first failure before anything after it: " +
      "what follows is usually the system reacting to it.",
  );
  return out.join("\n");
}

function describePattern(pattern) {
  if (!pattern) return [];
  if (pattern.periodSeconds === null) {
    if (pattern.cycles === null) {
      return [
        `No timestamps: the first failure's message occurs ${pattern.repeating} time(s); ` +
          `period unknown.`,
      ];
    }
    return [`One cycle of failures (${pattern.cycles} in all); nothing repeats with a period yet.`];
  }
  const spread =
    pattern.minSeconds === pattern.maxSeconds
      ? ""
      : ` (between ${formatDuration(pattern.minSeconds)} ` +
        `and ${formatDuration(pattern.maxSeconds)})`;
  return [
    `Repeating pattern: ${pattern.repeating} of ${pattern.cycles} cycles start the same way, ` +
      `every ~${formatDuration(pattern.periodSeconds)}${spread}.`,
    "Each cycle, in order of first appearance:",
    ...pattern.sequence.map((s, i) => `  ${i + 1}. ${s.slice(0, 140)}`),
  ];
}

export function formatDuration(seconds) {
  if (seconds < 120) return `${Math.round(seconds * 10) / 10}s`;
  if (seconds < 6 * 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}

function indent(text) {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

function parseArgs(argv) {
  const options = {
    file: null,
    json: false,
    gapSeconds: DEFAULT_GAP_SECONDS,
    limit: DEFAULT_LIMIT,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") options.json = true;
    else if (arg === "--gap") options.gapSeconds = positiveNumber(arg, argv[++i]);
    else if (arg === "--limit") options.limit = positiveNumber(arg, argv[++i]);
    else if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg.startsWith("-") && arg !== "-")
      throw new Error(`unknown option ${arg}; see --help`);
    else options.file = arg;
  }
  return options;
}

function positiveNumber(flag, value) {
  const number = Number(value);
  if (!(number > 0)) throw new Error(`${flag} needs a positive number, got ${value ?? "nothing"}`);
  return number;
}

const USAGE =
  `Usage: node first-failure.mjs [file|-] [--json] [--gap <seconds>] [--limit <n>]\n` +
  `Prints the first failure in a log, the timeline after it and the repeating pattern.\n` +
  `Reads stdin when no file is given. ` +
  `--gap: quiet time that ends a cycle (default ${DEFAULT_GAP_SECONDS}).\n` +
  `--limit: timeline entries (default ${DEFAULT_LIMIT}). ` +
  `Exit 0 when a failure was found, 1 when none, 2 on bad usage.`;

function cli() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`first-failure: ${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  let text;
  try {
    text = readFileSync(options.file && options.file !== "-" ? options.file : 0, "utf8");
  } catch (error) {
    process.stderr.write(
      `first-failure: cannot read ${options.file ?? "stdin"}: ${error.message}\n`,
    );
    process.exit(2);
  }
  const result = analyzeLog(text, options);
  process.stdout.write(
    (options.json ? JSON.stringify(result, null, 2) : formatReport(result)) + "\n",
  );
  process.exitCode = result.firstFailure ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) cli();
