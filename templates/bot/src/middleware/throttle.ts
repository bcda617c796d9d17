import { TTLCache } from "@isaacs/ttlcache";
import type { Context, MiddlewareFn } from "grammy";

export interface ThrottleOptions<C extends Context = Context> {
  /**
   * Minimum time between two updates of one user that are both handled, in ms, counted
   * from the last update that was let through (a dropped update does not extend the
   * wait). Default 1000: a person rarely means two separate things within a second, and
   * it keeps each chat within Telegram's one-message-per-second limit when every update
   * gets one reply.
   */
  windowMs?: number;
  /**
   * Most users remembered at once. Default 10,000. Entries expire after `windowMs`
   * anyway; this bounds memory when more users than this write within one window, in
   * which case the oldest entries are forgotten early and those users may get one extra
   * update through.
   */
  maxUsers?: number;
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
 * Drops a user's update when their previous handled update is less than `windowMs` old.
 * Every update kind is covered (messages, edits, button presses, inline queries, ...).
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
  const callbackAnswerText = options.callbackAnswerText ?? "Too fast, try again in a second";
  // The cache bounds memory; the stored time decides, so a late expiry timer cannot
  // throttle a user past the window.
  const lastPassed = new TTLCache<number, number>({
    max: options.maxUsers ?? 10_000,
    ttl: windowMs,
  });
  let passed = 0;
  let throttled = 0;

  const middleware: MiddlewareFn<C> = async (ctx, next) => {
    const key = ctx.from?.id ?? ctx.chat?.id;
    const now = Date.now();
    const last = key === undefined ? undefined : lastPassed.get(key);

    if (key === undefined || last === undefined || now - last >= windowMs) {
      if (key !== undefined) lastPassed.set(key, now);
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
