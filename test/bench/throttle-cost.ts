/**
 * Cost of the inbound throttle per update: ours (the generated bot's createThrottle) against
 * @grammyjs/ratelimiter with its memory store, side by side in one run, at 1, 1,000 and
 * 100,000 distinct users. Middleware is called directly with minimal contexts, so the
 * numbers are the throttle alone, without grammY's routing.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { limit } from "@grammyjs/ratelimiter";
import type { Context, MiddlewareFn } from "grammy";
import { createThrottle } from "../../templates/bot/src/middleware/throttle.js";
import { isMain, median, table } from "./support.js";

export const USER_COUNTS = [1, 1_000, 100_000];
const UPDATES = 200_000;
const REPEATS = 5;
const WINDOW_MS = 1000;

interface Implementation {
  name: string;
  /** Builds a fresh middleware for `users` distinct users, or undefined to skip that count. */
  create(users: number): MiddlewareFn<Context> | undefined;
}

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: "ours, maxUsers sized to the users",
    create: (users) =>
      createThrottle({ windowMs: WINDOW_MS, maxUsers: Math.max(10_000, users) }).middleware,
  },
  {
    name: "ours, default maxUsers 10,000",
    create: (users) =>
      users > 10_000 ? createThrottle({ windowMs: WINDOW_MS }).middleware : undefined,
  },
  {
    name: "@grammyjs/ratelimiter memory store",
    create: () =>
      limit<Context, never>({
        timeFrame: WINDOW_MS,
        limit: 1,
        keyGenerator: (ctx) => String(ctx.from?.id),
      }) as MiddlewareFn<Context>,
  },
];

export interface ThrottleCostRow {
  users: number;
  implementation: string;
  /** Median over the repeats of the mean time per update, in ns. */
  nsPerUpdate: number;
  /** Heap still held by the throttle after the run, in MB (garbage collected first). */
  retainedMb: number;
  /** Updates let through in the last repeat. */
  passed: number;
}

export interface WindowCheck {
  implementation: string;
  /** A user's second update, 100 ms after the first, when the first came 950 ms in. */
  secondUpdateAcrossReset: "dropped" | "passed";
  /** Whether a dropped button press was answered (its spinner stopped). */
  droppedPressAnswered: boolean;
}

export interface ThrottleCost {
  updatesPerRun: number;
  rows: ThrottleCostRow[];
  windowChecks: WindowCheck[];
}

const gc = exposeGc();

export async function benchThrottleCost(): Promise<ThrottleCost> {
  const rows: ThrottleCostRow[] = [];
  for (const users of USER_COUNTS) {
    const contexts = Array.from({ length: users }, (_, i) => contextOf(1_000_000 + i));
    const samples = new Map<string, { ns: number[]; retained: number; passed: number }>();

    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const impl of IMPLEMENTATIONS) {
        const middleware = impl.create(users);
        if (middleware === undefined) continue;
        const result = await timeRun(middleware, contexts);
        const entry = samples.get(impl.name) ?? { ns: [], retained: 0, passed: 0 };
        entry.ns.push(result.ns);
        entry.retained = result.retainedMb;
        entry.passed = result.passed;
        samples.set(impl.name, entry);
      }
    }
    for (const [implementation, s] of samples) {
      rows.push({
        users,
        implementation,
        nsPerUpdate: Math.round(median(s.ns)),
        retainedMb: s.retained,
        passed: s.passed,
      });
    }
  }
  return { updatesPerRun: UPDATES, rows, windowChecks: await checkWindows() };
}

async function timeRun(middleware: MiddlewareFn<Context>, contexts: Context[]) {
  let passed = 0;
  const next = async () => {
    passed += 1;
  };
  gc();
  const heapBefore = process.memoryUsage().heapUsed;

  const started = process.hrtime.bigint();
  for (let i = 0; i < UPDATES; i++) await middleware(contexts[i % contexts.length]!, next);
  const ns = Number(process.hrtime.bigint() - started) / UPDATES;

  gc();
  const retainedMb = Math.max(0, (process.memoryUsage().heapUsed - heapBefore) / 1_048_576);
  return { ns, retainedMb: Math.round(retainedMb * 10) / 10, passed };
}

/**
 * The behaviour behind the numbers: ours keeps a window per user counted from that user's
 * last handled update; the memory store forgets every user at once when its timer fires.
 */
async function checkWindows(): Promise<WindowCheck[]> {
  const checks: WindowCheck[] = [];
  for (const impl of IMPLEMENTATIONS.filter((i) => !i.name.includes("default"))) {
    const middleware = impl.create(1)!;
    const startedAt = Date.now();
    let passed = 0;
    const next = async () => {
      passed += 1;
    };

    await sleep(950 - (Date.now() - startedAt));
    await middleware(contextOf(7), next);
    await sleep(100);
    await middleware(contextOf(7), next);

    let answered = false;
    const press = contextOf(8, () => (answered = true));
    await middleware(press, next);
    await middleware(press, next);

    checks.push({
      implementation: impl.name,
      secondUpdateAcrossReset: passed === 3 ? "passed" : "dropped",
      droppedPressAnswered: answered,
    });
  }
  return checks;
}

function contextOf(userId: number, onAnswer?: () => void): Context {
  const from = { id: userId, is_bot: false, first_name: "U" };
  return {
    from,
    chat: { id: userId, type: "private", first_name: "U" },
    update: { update_id: userId },
    callbackQuery: onAnswer === undefined ? undefined : { id: "1", from, data: "x" },
    answerCallbackQuery: async () => {
      onAnswer?.();
      return true;
    },
  } as unknown as Context;
}

/** A garbage collector to call between runs, without needing node's --expose-gc flag. */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

export function throttleCostTable(cost: ThrottleCost): string {
  const ratelimiter = (users: number) =>
    cost.rows.find((r) => r.users === users && r.implementation.startsWith("@grammyjs"));
  const main = table(
    ["throttle cost per update", "users", "ns/update", "vs ratelimiter", "retained heap", "passed"],
    cost.rows.map((r) => [
      r.implementation,
      r.users.toLocaleString("en-US"),
      String(r.nsPerUpdate),
      `${(r.nsPerUpdate / ratelimiter(r.users)!.nsPerUpdate).toFixed(2)}x`,
      `${r.retainedMb.toFixed(1)} MB`,
      r.passed.toLocaleString("en-US"),
    ]),
  );
  const checks = table(
    ["window behaviour", "2nd update 100 ms later, across 1 s mark", "dropped press answered"],
    cost.windowChecks.map((c) => [
      c.implementation,
      c.secondUpdateAcrossReset,
      c.droppedPressAnswered ? "yes" : "no",
    ]),
  );
  return (
    `${main}\n(${cost.updatesPerRun.toLocaleString("en-US")} updates per run, ` +
    `median of ${REPEATS})\n\n${checks}`
  );
}

if (isMain(import.meta.filename)) {
  console.log(throttleCostTable(await benchThrottleCost()));
}
