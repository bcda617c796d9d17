import type { Context, MiddlewareFn } from "grammy";
import { LRUCache } from "lru-cache";

export interface ThrottleOptions<C extends Context = Context> {
  /**
   * Minimum time between the arrivals of two updates of one user that are both handled,
   * in ms, counted from the last update that was let through (a dropped update does not
   * extend the wait). Default 1000: a person rarely means two separate things within a
   * second, and it keeps each chat within Telegram's one-message-per-second limit when
   * every update gets one reply.
   */
  windowMs?: number;
  /**
   * Most users remembered at once, the ones most recently let through. Default 10,000;
   * each costs a few dozen bytes. If more users than this write within one window, the
   * oldest entries are forgotten early and those users may get one extra update through.
   */
  maxUsers?: number;
  /**
   * When an update arrived, in ms since epoch, or undefined if unknown; the window is
   * judged by it rather than by when the update reaches the throttle, which can be
   * seconds later while the bot is busy. Default: none, every update is judged by
   * `Date.now()` when it reaches the throttle. Updates given the same arrival time, such
   * as a backlog of button presses fetched at once after downtime, let only each user's
   * first through, as intended: they came faster than the bot could answer.
   */
  arrivedAtMs?: (ctx: C) => number | undefined;
  /**
   * Text shown to a user whose button press was dropped. Default "Too fast, try again in
   * a second". Set to `""` to stop the spinner without a message. A dropped button press
   * is always answered; otherwise the button keeps spinning on the user's screen.
   */
  callbackAnswerText?: string;
  /**
   * Called for every dropped update, after the button answer if any; awaited. Default:
   * none. Use it to log, count per user, or tell a user once that they are too fast.
   */
  onThrottled?: (ctx: C) => unknown;
}

export interface ThrottleStats {
  /** Updates let through. */
  passed: number;
  /** Updates dropped. */
  throttled: number;
  /** Users remembered now (at most `maxUsers`). */
  trackedUsers: number;
}

export interface Throttle<C extends Context = Context> {
  middleware: MiddlewareFn<C>;
  stats(): ThrottleStats;
}

/**
 * Drops a user's update when it arrived less than `windowMs` after their previous handled
 * one. Every update kind is covered (messages, edits, button presses, inline queries, ...).
 * Updates are keyed by the sender; updates without one (channel posts, some chat events)
 * by chat; updates with neither (poll results) are let through, as no user caused them.
 *
 * A dropped update does not reach the next middleware, and the middleware resolves with
 * no value; a passed update resolves with whatever the next middleware returns.
 *
 * Limitation: one process only; two instances of the bot keep separate windows.
 */
export function createThrottle<C extends Context = Context>(
  options: ThrottleOptions<C> = {},
): Throttle<C> {
  const windowMs = options.windowMs ?? 1000;
  const maxUsers = options.maxUsers ?? 10_000;
  const callbackAnswerText = options.callbackAnswerText ?? "Too fast, try again in a second";
  // Arrival of each user's last passed update; the user least recently let through is
  // forgotten first (peek, not get, so a lookup does not count as use). Entries do not
  // expire on a timer: an update can reach the throttle long after its window would have
  // ended by the clock, and must still find the entry it is judged against. An entry older
  // than the window simply no longer throttles anyone.
  const lastPassed = new LRUCache<number, number>({ max: maxUsers });
  let passed = 0;
  let throttled = 0;

  const middleware: MiddlewareFn<C> = async (ctx, next) => {
    const key = ctx.from?.id ?? ctx.chat?.id;
    const arrived = options.arrivedAtMs?.(ctx) ?? Date.now();
    const last = key === undefined ? undefined : lastPassed.peek(key);

    if (key === undefined || last === undefined || arrived - last >= windowMs) {
      if (key !== undefined) lastPassed.set(key, arrived);
      passed += 1;
      return next();
    }

    throttled += 1;
    if (ctx.callbackQuery !== undefined) {
      // Best effort: if the answer fails, Telegram stops the spinner on its own later.
      await ctx
        .answerCallbackQuery(callbackAnswerText === "" ? undefined : { text: callbackAnswerText })
        .catch(() => undefined);
    }
    await options.onThrottled?.(ctx);
  };

  return {
    middleware,
    stats: () => ({ passed, throttled, trackedUsers: lastPassed.size }),
  };
}
