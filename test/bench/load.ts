/**
 * The generated bot under load, in its own process against the fake Bot API with Telegram's
 * limits (about 1 message/s per chat, 30/s overall): a burst, saturation, and a soak. The
 * harness is the case study's, so the numbers are measured the same way as there.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBots } from "../../case-studies/telegram-flood-cascade/lib/build-bots.js";
import {
  measureRun,
  type RunMetrics,
} from "../../case-studies/telegram-flood-cascade/lib/measure.js";
import { runBot, type BotRun } from "../../case-studies/telegram-flood-cascade/lib/run-bot.js";
import {
  burstTraffic,
  runsTraffic,
  steadyTraffic,
  type Traffic,
} from "../../case-studies/telegram-flood-cascade/lib/traffic.js";
import type { ApiCall } from "../../templates/bot/test/support/fake-bot-api.js";

/** Telegram's overall limit as the fake enforces it: messages per second, and its burst. */
export const GLOBAL_LIMIT_PER_SECOND = 30;
const GLOBAL_BURST = 30;
const LATENCY_MS = 40;

async function runGeneratedBot(
  traffic: Traffic,
  maxDrainMs: number,
  sampleEveryMs = 100,
): Promise<{ run: BotRun; metrics: RunMetrics }> {
  const dir = await mkdtemp(join(tmpdir(), "bench-load-"));
  try {
    const users = new Set(traffic.visits.map((v) => v.userId));
    const run = await runBot({
      script: (await buildBots()).throttled,
      traffic,
      drainMs: maxDrainMs,
      latencyMs: LATENCY_MS,
      escalateFloodWaits: true,
      logPath: join(dir, "bot.log"),
      sampleEveryMs,
      settled: (calls) => answeredChats(calls).size >= users.size,
    });
    return { run, metrics: measureRun(run, traffic, 1000) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function answeredChats(calls: readonly ApiCall[]): Set<number> {
  const chats = new Set<number>();
  for (const c of calls) {
    if (c.method === "sendMessage" && c.status === 200 && c.chatId !== undefined)
      chats.add(c.chatId);
  }
  return chats;
}

export interface BurstResult {
  users: number;
  updatesPerUser: number;
  rateLimited: number;
  p50FirstReplyMs: number;
  p99FirstReplyMs: number;
  /**
   * The lowest p99 any bot could reach without a 429: the fake lets 30 replies through at
   * once, then 30 a second.
   */
  p99FloorMs: number;
  peakHttpInFlight: number;
  peakUpdatesInFlight: number | null;
  peakSockets: number;
  peakRssMb: number;
  handled: number;
  throttled: number;
  /** Not yet fetched when the bot was stopped; Telegram would hand them out again. */
  leftWithTelegram: number;
  lost: number;
}

/** 200 users x 5 messages within one second. */
export async function benchBurst(users = 200, updatesPerUser = 5): Promise<BurstResult> {
  const traffic = burstTraffic({ users, updatesPerUser, withinMs: 1000 });
  const { run, metrics } = await runGeneratedBot(traffic, 30_000);
  const p99Rank = Math.ceil(0.99 * users);
  return {
    users,
    updatesPerUser,
    rateLimited: metrics.rateLimited,
    p50FirstReplyMs: metrics.p50FirstReplyMs,
    p99FirstReplyMs: metrics.p99FirstReplyMs,
    p99FloorMs: Math.max(0, ((p99Rank - GLOBAL_BURST) / GLOBAL_LIMIT_PER_SECOND) * 1000),
    peakHttpInFlight: metrics.peakHttpInFlight,
    peakUpdatesInFlight: botPeakInFlight(run.log),
    peakSockets: metrics.peakSockets,
    peakRssMb: metrics.peakRssMb,
    handled: metrics.handled,
    throttled: metrics.throttled,
    leftWithTelegram: metrics.leftWithTelegram,
    lost: metrics.lost,
  };
}

export interface SaturationResult {
  offeredPerSecond: number;
  seconds: number;
  /** Replies delivered per second from the first to the last. */
  achievedPerSecond: number;
  /** achievedPerSecond / 30. */
  fractionOfLimit: number;
  rateLimited: number;
  lost: number;
}

/** More distinct users per second than Telegram lets a bot answer. */
export async function benchSaturation(
  usersPerSecond = 45,
  seconds = 10,
): Promise<SaturationResult> {
  const traffic = steadyTraffic({ usersPerSecond, seconds });
  const { run, metrics } = await runGeneratedBot(traffic, 30_000);
  const replies = run.calls
    .filter((c) => c.method === "sendMessage" && c.status === 200)
    .map((c) => c.startedAt)
    .sort((a, b) => a - b);
  const spanSeconds = (replies[replies.length - 1]! - replies[0]!) / 1000;
  const achieved = (replies.length - 1) / spanSeconds;
  return {
    offeredPerSecond: usersPerSecond,
    seconds,
    achievedPerSecond: round(achieved, 1),
    fractionOfLimit: round(achieved / GLOBAL_LIMIT_PER_SECOND, 3),
    rateLimited: metrics.rateLimited,
    lost: metrics.lost,
  };
}

export interface SoakResult {
  minutes: number;
  updatesPerSecond: number;
  usersPerSecond: number;
  rateLimited: number;
  /** Least-squares slope of the bot's resident memory after the first minute, MB/min. */
  rssSlopeMbPerMinute: number;
  rssStartMb: number;
  rssEndMb: number;
  peakRssMb: number;
  peakSockets: number;
  /** Most open sockets in each minute. */
  socketsPerMinute: number[];
  /** Resident memory at the end of each minute, MB. */
  rssPerMinute: number[];
  handled: number;
  throttled: number;
  lost: number;
}

/**
 * The incident's peak (10 users writing in one second) times ten, for `minutes`: 100 updates
 * a second, as 25 new users a second each sending 4 messages within the second. The throttle
 * lets one per user through, which keeps the replies (25/s) under Telegram's 30/s, so the
 * bot can keep up and any growth is a leak rather than a backlog.
 */
export async function benchSoak(minutes: number): Promise<SoakResult> {
  const usersPerSecond = 25;
  const updatesPerUser = 4;
  const traffic = runsTraffic({ usersPerSecond, updatesPerUser, seconds: minutes * 60 });
  const { run, metrics } = await runGeneratedBot(traffic, 20_000, 1000);

  const start = run.trafficStartedAt;
  const minuteOf = (at: number) => Math.floor((at - start) / 60_000);
  const during = run.samples.filter((s) => s.at < run.stopSentAt && s.rssMb !== undefined);
  const settled = during.filter((s) => s.at - start >= Math.min(60_000, (minutes * 60_000) / 4));
  const socketsPerMinute: number[] = [];
  const rssPerMinute: number[] = [];
  for (const s of during) {
    const m = minuteOf(s.at);
    socketsPerMinute[m] = Math.max(socketsPerMinute[m] ?? 0, s.openSockets);
    rssPerMinute[m] = round(s.rssMb!, 1);
  }

  return {
    minutes,
    updatesPerSecond: usersPerSecond * updatesPerUser,
    usersPerSecond,
    rateLimited: metrics.rateLimited,
    rssSlopeMbPerMinute: round(slope(settled.map((s) => [(s.at - start) / 60_000, s.rssMb!])), 2),
    rssStartMb: round(settled[0]?.rssMb ?? 0, 1),
    rssEndMb: round(settled[settled.length - 1]?.rssMb ?? 0, 1),
    peakRssMb: metrics.peakRssMb,
    peakSockets: metrics.peakSockets,
    socketsPerMinute: Array.from(socketsPerMinute, (v) => v ?? 0),
    rssPerMinute: Array.from(rssPerMinute, (v) => v ?? 0),
    handled: metrics.handled,
    throttled: metrics.throttled,
    lost: metrics.lost,
  };
}

/** The generated bot's own count of updates handled at once, from its final health line. */
function botPeakInFlight(log: string): number | null {
  const line = log
    .split("\n")
    .reverse()
    .find((l) => l.includes('"peakInFlight"'));
  if (line === undefined) return null;
  const value = (JSON.parse(line) as { peakInFlight?: unknown }).peakInFlight;
  return typeof value === "number" ? value : null;
}

function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0);
  const den = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
