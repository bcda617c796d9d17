/**
 * Incoming traffic for the reproduction, as a schedule of updates to push into the fake Bot
 * API. Deterministic for a given seed, so two runs (and two bots) see the same traffic.
 */

/** One update to push: a text message or a press of the bot's inline button. */
export interface ScheduledUpdate {
  /** When to push it, in ms from the start of the traffic. */
  atMs: number;
  userId: number;
  kind: "text" | "press";
}

/**
 * A user's visit: a run of updates sent within one second. Each visit has its own user, so
 * the first reply in that user's chat is the answer to this visit.
 */
export interface Visit {
  userId: number;
  /** When its first update is pushed, in ms from the start of the traffic. */
  atMs: number;
  updates: number;
  kind: "text" | "press";
  /** True when the visit belongs to a peak (several users within one second). */
  inPeak: boolean;
}

export interface Traffic {
  updates: ScheduledUpdate[];
  visits: Visit[];
  durationMs: number;
}

export interface IncidentShapeOptions {
  /** Length of the traffic, in seconds. */
  seconds: number;
  /** Seed of the pseudo-random generator. Default 2026. */
  seed?: number;
  /**
   * Mean gap between two quiet-time visits, in ms. Default 1000. The incident's average was
   * one message every ~20 s; the quiet stretches are shortened 20 times, since nothing
   * happens in them that the flood limits could see.
   */
  quietGapMs?: number;
  /** Gap between the starts of two peaks, in ms, drawn from this range. Default 2000-4000. */
  peakGapMs?: [number, number];
  /** Users in one peak, drawn from this range. Default 5-10, the incident's figure. */
  peakUsers?: [number, number];
}

// Updates per visit and how often each count occurs. A user who forwards a few messages,
// splits a sentence over several messages or taps a button repeatedly produces several
// updates within a second; the incident's fix (drop a user's second update within 1 s) only
// changed anything because such runs existed.
const RUN_LENGTHS: ReadonlyArray<[updates: number, weight: number]> = [
  [1, 40],
  [2, 25],
  [3, 15],
  [4, 8],
  [5, 7],
  [6, 5],
];
const PRESS_SHARE = 0.1;
const RUN_SPAN_MS = 900;
const FIRST_USER_ID = 10_001;

/** Traffic in the incident's shape, time-compressed: quiet visits plus peaks of 5-10 users. */
export function incidentTraffic(options: IncidentShapeOptions): Traffic {
  const random = seededRandom(options.seed ?? 2026);
  const durationMs = options.seconds * 1000;
  const quietGapMs = options.quietGapMs ?? 1000;
  const [peakGapMin, peakGapMax] = options.peakGapMs ?? [2000, 4000];
  const [peakUsersMin, peakUsersMax] = options.peakUsers ?? [5, 10];
  const builder = trafficBuilder(random);

  for (let at = exponential(random, quietGapMs); at < durationMs;) {
    builder.visit(at, false);
    at += exponential(random, quietGapMs);
  }
  for (let at = 1000; at < durationMs - 1000;) {
    const users = between(random, peakUsersMin, peakUsersMax);
    for (let i = 0; i < users; i++) builder.visit(at + random() * 1000, true);
    at += between(random, peakGapMin, peakGapMax);
  }
  return builder.done(durationMs);
}

export interface BurstOptions {
  users: number;
  updatesPerUser: number;
  /** All updates fall within this many ms. */
  withinMs: number;
  seed?: number;
}

/** A burst: every user sends the same number of text messages, all within `withinMs`. */
export function burstTraffic(options: BurstOptions): Traffic {
  const random = seededRandom(options.seed ?? 2026);
  const updates: ScheduledUpdate[] = [];
  const visits: Visit[] = [];

  for (let u = 0; u < options.users; u++) {
    const userId = FIRST_USER_ID + u;
    const times = Array.from({ length: options.updatesPerUser }, () => random() * options.withinMs);
    times.sort((a, b) => a - b);
    visits.push({
      userId,
      atMs: times[0]!,
      updates: times.length,
      kind: "text",
      inPeak: true,
    });
    for (const atMs of times) updates.push({ atMs, userId, kind: "text" });
  }
  updates.sort((a, b) => a.atMs - b.atMs);
  visits.sort((a, b) => a.atMs - b.atMs);
  return { updates, visits, durationMs: options.withinMs };
}

export interface SteadyOptions {
  /** Distinct users writing per second, one text message each. */
  usersPerSecond: number;
  seconds: number;
}

/** A steady stream: each update from a user not seen before, evenly spaced. */
export function steadyTraffic(options: SteadyOptions): Traffic {
  const gapMs = 1000 / options.usersPerSecond;
  const total = Math.floor(options.seconds * options.usersPerSecond);
  const updates: ScheduledUpdate[] = [];
  const visits: Visit[] = [];

  for (let i = 0; i < total; i++) {
    const userId = FIRST_USER_ID + i;
    const atMs = i * gapMs;
    updates.push({ atMs, userId, kind: "text" });
    visits.push({ userId, atMs, updates: 1, kind: "text", inPeak: false });
  }
  return { updates, visits, durationMs: options.seconds * 1000 };
}

function trafficBuilder(random: () => number) {
  const updates: ScheduledUpdate[] = [];
  const visits: Visit[] = [];
  let nextUserId = FIRST_USER_ID;

  return {
    visit(atMs: number, inPeak: boolean) {
      const userId = nextUserId++;
      const kind = random() < PRESS_SHARE ? "press" : "text";
      const count = weighted(random, RUN_LENGTHS);
      const gapMs = count > 1 ? (random() * RUN_SPAN_MS) / (count - 1) : 0;
      visits.push({ userId, atMs, updates: count, kind, inPeak });
      for (let i = 0; i < count; i++) updates.push({ atMs: atMs + i * gapMs, userId, kind });
    },
    done(durationMs: number): Traffic {
      updates.sort((a, b) => a.atMs - b.atMs);
      visits.sort((a, b) => a.atMs - b.atMs);
      return { updates, visits, durationMs };
    },
  };
}

/** mulberry32: small, fast, and good enough for traffic shapes. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function weighted(random: () => number, table: ReadonlyArray<[number, number]>): number {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let pick = random() * total;
  for (const [value, weight] of table) {
    pick -= weight;
    if (pick < 0) return value;
  }
  return table[table.length - 1]![0];
}

export interface RunsOptions {
  /** New users per second, each sending one run of updates. */
  usersPerSecond: number;
  updatesPerUser: number;
  seconds: number;
  seed?: number;
}

/** Sustained traffic made of runs: every second, new users each send a run within 900 ms. */
export function runsTraffic(options: RunsOptions): Traffic {
  const random = seededRandom(options.seed ?? 2026);
  const updates: ScheduledUpdate[] = [];
  const visits: Visit[] = [];
  let userId = FIRST_USER_ID;

  for (let second = 0; second < options.seconds; second++) {
    for (let u = 0; u < options.usersPerSecond; u++, userId++) {
      const atMs = second * 1000 + random() * 1000;
      const gapMs = options.updatesPerUser > 1 ? RUN_SPAN_MS / (options.updatesPerUser - 1) : 0;
      visits.push({ userId, atMs, updates: options.updatesPerUser, kind: "text", inPeak: false });
      for (let i = 0; i < options.updatesPerUser; i++) {
        updates.push({ atMs: atMs + i * gapMs * random(), userId, kind: "text" });
      }
    }
  }
  updates.sort((a, b) => a.atMs - b.atMs);
  visits.sort((a, b) => a.atMs - b.atMs);
  return { updates, visits, durationMs: options.seconds * 1000 };
}
