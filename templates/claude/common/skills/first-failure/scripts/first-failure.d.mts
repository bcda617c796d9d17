/** A log line's position and text, as reported in results. */
export interface FailureEvent {
  line: number;
  /** ISO time, or null when the log has no year (syslog) or no timestamp. */
  time: string | null;
  /** The timestamp as written in the log. */
  timeText: string | null;
  level: string | null;
  source: string | null;
  summary: string;
  /** The summary with numbers, ids and quoted values masked. */
  signature: string;
  /** All lines of the event (traceback, stack trace, goroutine dump included). */
  text: string;
}

export interface TimelineEntry {
  line: number;
  lastLine: number;
  /** Seconds after the first failure, or null without timestamps. */
  offsetSeconds: number | null;
  level: string | null;
  failure: boolean;
  summary: string;
  signature: string;
  /** How many consecutive events with the same signature this entry folds. */
  count: number;
}

export interface Pattern {
  /** Runs of failures separated by more than gapSeconds; null without timestamps. */
  cycles: number | null;
  /** Cycles that open with the same failure. */
  repeating: number;
  opening: string;
  /** Distinct failures of the first such cycle, in order. */
  sequence: string[];
  /** Median seconds between the starts of repeating cycles. */
  periodSeconds: number | null;
  minSeconds: number | null;
  maxSeconds: number | null;
  /** Timestamps (as written) at which the repeating cycles start. */
  starts: (string | null)[];
}

export interface Analysis {
  lines: number;
  events: number;
  failures: number;
  firstFailure: FailureEvent | null;
  timeline: TimelineEntry[];
  pattern: Pattern | null;
}

export interface AnalyzeOptions {
  /** Quiet time that ends a cycle, in seconds. Default 300. */
  gapSeconds?: number;
  /** Timeline entries kept. Default 25. */
  limit?: number;
}

export function analyzeLog(text: string, options?: AnalyzeOptions): Analysis;
export function formatReport(result: Analysis): string;
export function formatDuration(seconds: number): string;
export function signatureOf(summary: string): string;
