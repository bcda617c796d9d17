import type { ApiCall } from "../../../templates/bot/test/support/fake-bot-api.js";
import type { BotRun, PushedUpdate } from "./run-bot.js";
import type { Traffic } from "./traffic.js";

/** What one run shows, computed from the fake's call records, the samples and the bot's log. */
export interface RunMetrics {
  /** Updates pushed. */
  updates: number;
  /** Users' visits (runs of updates within a second). */
  visits: number;
  /** 429 answers from the fake. */
  rateLimited: number;
  /** Longest retry_after the fake asked for, in seconds. */
  maxRetryAfterSeconds: number;
  /** Flood waits lengthened because the bot kept sending during one. */
  floodEscalations: number;
  /** Requests to the Bot API other than getUpdates. */
  outboundRequests: number;
  /**
   * Most replies in flight at once: from a reply's first attempt to its final answer, with
   * the retry_after waits in between. A wait holds the update's handler, so it counts.
   */
  peakOutbound: number;
  /** Most HTTP requests (other than getUpdates) open at the fake at once. */
  peakHttpInFlight: number;
  /** Most TCP connections from the bot open at once. */
  peakSockets: number;
  /** Updates whose handler hit the bot's per-update timeout (the naive bot has none). */
  handlerTimeouts: number;
  /** Updates answered as the bot's features answer them (reply sent, button answered). */
  handled: number;
  /** Updates the bot's inbound throttle dropped, by its own count. */
  throttled: number;
  /**
   * Updates the bot had not confirmed when it exited, nor answered: Telegram hands them out
   * again at the next start, so they are late, not lost.
   */
  leftWithTelegram: number;
  /**
   * Updates the bot took (confirmed to Telegram) and then neither handled nor throttled:
   * failed, or still held when it was stopped. Gone for good.
   */
  lost: number;
  peakRssMb: number;
  /** Time from a visit's first update to the first answer in that chat, over visits. */
  p50FirstReplyMs: number;
  p99FirstReplyMs: number;
  /**
   * Visits that never got an answer. Each counts with its time until the bot exited, so a
   * percentile that falls on one is only a lower bound.
   */
  unansweredVisits: number;
  p50IsLowerBound: boolean;
  p99IsLowerBound: boolean;
  /** Time from an update to its own answer, over handled updates (p99 and slowest). */
  p99AnswerMs: number;
  maxAnswerMs: number;
  /** The bot's first warning or error, with what followed it in the log. */
  firstFailure: FirstFailure | null;
  series: Series;
}

export interface FirstFailure {
  /** Seconds after the traffic started. */
  atSeconds: number;
  event: string;
  message: string;
  /** Warning and error lines in the whole log. */
  failureLines: number;
  /** Distinct retry_after values in the order they first appeared, in seconds. */
  retryAfterSteps: number[];
  /** Seconds after the traffic started when replies in flight peaked. */
  peakOutboundAtSeconds: number;
}

/** Values per time bin, from the start of the traffic until the bot exited. */
export interface Series {
  binMs: number;
  outboundPerSecond: number[];
  rateLimitedPerSecond: number[];
  inFlight: number[];
  rssMb: number[];
  openSockets: number[];
}

const COUNT_REPLY = /^(?:Got your first message\.|Got it: message (\d+) from you\.)$/;
const COUNT_ANSWER = /^You have sent /;

export function measureRun(run: BotRun, traffic: Traffic, binMs = 500): RunMetrics {
  const start = run.trafficStartedAt;
  const outbound = run.calls.filter((c) => c.method !== "getUpdates" && c.startedAt >= start);
  const replies = replyIntervals(outbound, run.exitedAt);
  const logLines = parseLog(run.log);
  const stats = finalStats(logLines);

  const delays = answerDelaysOf(run, outbound);
  const answerDelays = [...delays.values()].sort((a, b) => a - b);
  const handled = delays.size;
  const throttled = stats?.throttled ?? 0;
  const leftWithTelegram = run.unconfirmedUpdateIds.filter((id) => !delays.has(id)).length;
  const firstReplies = firstReplyTimes(run, outbound);
  const unanswered = firstReplies.filter((r) => !r.answered).length;
  firstReplies.sort((a, b) => a.ms - b.ms);
  const p50 = percentile(firstReplies, 0.5);
  const p99 = percentile(firstReplies, 0.99);
  const inFlight = peakOf(replies);

  return {
    updates: run.pushed.length,
    visits: traffic.visits.length,
    rateLimited: run.fakeStats.rateLimited,
    maxRetryAfterSeconds: Math.max(0, ...outbound.map((c) => c.retryAfter ?? 0)),
    floodEscalations: run.floodEscalations,
    outboundRequests: outbound.length,
    peakOutbound: inFlight.peak,
    peakHttpInFlight: run.fakeStats.peakInFlight,
    peakSockets: run.fakeStats.peakSockets,
    handlerTimeouts: countEvents(logLines, "update_slow"),
    handled,
    throttled,
    leftWithTelegram,
    lost: Math.max(0, run.pushed.length - handled - throttled - leftWithTelegram),
    peakRssMb: round(Math.max(0, ...run.samples.map((s) => s.rssMb ?? 0)), 1),
    p50FirstReplyMs: Math.round(p50?.ms ?? 0),
    p99FirstReplyMs: Math.round(p99?.ms ?? 0),
    unansweredVisits: unanswered,
    p50IsLowerBound: p50?.answered === false,
    p99IsLowerBound: p99?.answered === false,
    p99AnswerMs: Math.round(percentile(answerDelays, 0.99) ?? 0),
    maxAnswerMs: Math.round(answerDelays[answerDelays.length - 1] ?? 0),
    firstFailure: firstFailureOf(logLines, outbound, start, inFlight.at),
    series: seriesOf(run, outbound, replies, binMs),
  };
}

interface Interval {
  from: number;
  to: number;
}

/**
 * One interval per reply the bot tried to deliver. Attempts of one reply share their
 * method, chat and text (or callback query). A reply still waiting out a 429 when the bot
 * exited is held until the exit.
 */
function replyIntervals(outbound: ApiCall[], exitedAt: number): Interval[] {
  const attempts = new Map<string, ApiCall[]>();
  for (const call of outbound) {
    const key =
      `${call.method}|${call.chatId}|` + `${call.params.text}|${call.params.callback_query_id}`;
    const list = attempts.get(key) ?? [];
    list.push(call);
    attempts.set(key, list);
  }

  return [...attempts.values()].map((list) => {
    const first = list[0]!;
    const success = list.find((c) => c.status === 200);
    const last = list[list.length - 1]!;
    const lastEnd = last.endedAt ?? exitedAt;
    const to =
      success?.endedAt ??
      (last.retryAfter !== undefined
        ? Math.min(exitedAt, lastEnd + last.retryAfter * 1000)
        : lastEnd);
    return { from: first.startedAt, to };
  });
}

function peakOf(intervals: Interval[]): { peak: number; at: number } {
  const edges = intervals.flatMap((i) => [
    { at: i.from, delta: 1 },
    { at: i.to, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  let at = 0;
  for (const edge of edges) {
    current += edge.delta;
    if (current > peak) {
      peak = current;
      at = edge.at;
    }
  }
  return { peak, at };
}

/**
 * Delay from each handled update to its answer, by update_id. A reply carries the user's
 * running count, so reply N in a chat answers the user's N-th text message; a button press
 * is answered by its id.
 */
function answerDelaysOf(run: BotRun, outbound: ApiCall[]): Map<number, number> {
  const textsOf = new Map<number, PushedUpdate[]>();
  const pressOf = new Map<string, PushedUpdate>();
  for (const p of run.pushed) {
    if (p.callbackQueryId !== undefined) pressOf.set(p.callbackQueryId, p);
    else textsOf.set(p.userId, [...(textsOf.get(p.userId) ?? []), p]);
  }

  const delays = new Map<number, number>();
  for (const call of outbound) {
    if (call.status !== 200 || call.endedAt === undefined) continue;
    const text = String(call.params.text ?? "");
    const reply = COUNT_REPLY.exec(text);
    const answered =
      call.method === "sendMessage" && reply !== null && call.chatId !== undefined
        ? textsOf.get(call.chatId)?.[(reply[1] === undefined ? 1 : Number(reply[1])) - 1]
        : call.method === "answerCallbackQuery" && COUNT_ANSWER.test(text)
          ? pressOf.get(String(call.params.callback_query_id))
          : undefined;
    if (answered !== undefined && !delays.has(answered.updateId)) {
      delays.set(answered.updateId, call.endedAt - answered.pushedAt);
    }
  }
  return delays;
}

interface FirstReply {
  ms: number;
  answered: boolean;
}

function firstReplyTimes(run: BotRun, outbound: ApiCall[]): FirstReply[] {
  const firstAnswerInChat = new Map<number, number>();
  const chatOfQuery = new Map<string, number>();
  for (const p of run.pushed) if (p.callbackQueryId) chatOfQuery.set(p.callbackQueryId, p.userId);

  for (const call of outbound) {
    if (call.status !== 200 || call.endedAt === undefined) continue;
    const chat =
      call.method === "answerCallbackQuery"
        ? chatOfQuery.get(String(call.params.callback_query_id))
        : call.chatId;
    if (chat === undefined) continue;
    firstAnswerInChat.set(chat, Math.min(firstAnswerInChat.get(chat) ?? Infinity, call.endedAt));
  }

  const visitStart = new Map<number, number>();
  for (const p of run.pushed) {
    visitStart.set(p.userId, Math.min(visitStart.get(p.userId) ?? Infinity, p.pushedAt));
  }
  return [...visitStart].map(([user, startedAt]) => {
    const answeredAt = firstAnswerInChat.get(user);
    return answeredAt === undefined
      ? { ms: run.exitedAt - startedAt, answered: false }
      : { ms: answeredAt - startedAt, answered: true };
  });
}

type LogLine = Record<string, unknown>;

function parseLog(log: string): LogLine[] {
  return log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        return {};
      }
    });
}

/** The generated bot logs its counters once more when it stops. */
function finalStats(lines: LogLine[]): { throttled: number } | undefined {
  const last = lines.findLast(
    (l) => l.event === "final_stats" || (l.event === "health" && l.final === true),
  );
  return typeof last?.throttled === "number" ? { throttled: last.throttled } : undefined;
}

/** A failure log line stands for itself plus the repeats it reports. */
function countEvents(lines: LogLine[], event: string): number {
  return lines
    .filter((l) => l.event === event)
    .reduce((sum, l) => sum + 1 + (typeof l.repeats === "number" ? l.repeats : 0), 0);
}

const PINO_LEVELS: Record<string, number> = { warn: 40, error: 50, fatal: 60 };

function levelOf(line: LogLine): number {
  return typeof line.level === "number" ? line.level : (PINO_LEVELS[String(line.level)] ?? 30);
}

function firstFailureOf(
  lines: LogLine[],
  outbound: ApiCall[],
  start: number,
  peakOutboundAt: number,
): FirstFailure | null {
  const failures = lines.filter((l) => levelOf(l) >= 40);
  const first = failures[0];
  if (first === undefined) return null;

  const steps: number[] = [];
  for (const call of outbound) {
    if (call.retryAfter !== undefined && !steps.includes(call.retryAfter)) {
      steps.push(call.retryAfter);
    }
  }
  return {
    atSeconds: round((Number(first.time) - start) / 1000, 1),
    event: String(first.event ?? "unknown"),
    message: String(first.msg ?? first.event ?? ""),
    failureLines: failures.length,
    retryAfterSteps: steps,
    peakOutboundAtSeconds: round((peakOutboundAt - start) / 1000, 1),
  };
}

function seriesOf(run: BotRun, outbound: ApiCall[], replies: Interval[], binMs: number): Series {
  const start = run.trafficStartedAt;
  const bins = Math.ceil((run.exitedAt - start) / binMs);
  const perSecond = 1000 / binMs;
  const binOf = (at: number) => Math.floor((at - start) / binMs);
  const empty = () => Array.from({ length: bins }, () => 0);
  const series: Series = {
    binMs,
    outboundPerSecond: empty(),
    rateLimitedPerSecond: empty(),
    inFlight: empty(),
    rssMb: empty(),
    openSockets: empty(),
  };

  for (const call of outbound) {
    const bin = binOf(call.startedAt);
    if (bin >= bins) continue;
    series.outboundPerSecond[bin]! += perSecond;
    if (call.errorCode === 429) series.rateLimitedPerSecond[bin]! += perSecond;
  }
  for (let bin = 0; bin < bins; bin++) {
    const from = start + bin * binMs;
    const to = from + binMs;
    series.inFlight[bin] = peakOf(
      replies
        .filter((r) => r.from < to && r.to > from)
        .map((r) => ({ from: Math.max(r.from, from), to: Math.min(r.to, to) })),
    ).peak;
  }
  let lastRss = 0;
  for (let bin = 0; bin < bins; bin++) {
    const inBin = run.samples.filter((s) => binOf(s.at) === bin);
    lastRss = Math.max(0, ...inBin.map((s) => s.rssMb ?? 0)) || lastRss;
    series.rssMb[bin] = round(lastRss, 1);
    series.openSockets[bin] = Math.max(0, ...inBin.map((s) => s.openSockets));
  }
  return series;
}

/** Nearest-rank percentile of sorted values; undefined for none. */
export function percentile<T>(sorted: readonly T[], p: number): T | undefined {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))];
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
