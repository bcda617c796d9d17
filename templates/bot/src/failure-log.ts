import type { Logger } from "./logger.js";

export interface FailureLog {
  /**
   * Logs a failure at `warn` (or `error`) unless the same `key` was logged less than
   * `quietMs` ago; repeats in between are only counted and reported, as `repeats`, with
   * the next line for that key.
   */
  report(key: string, fields: Record<string, unknown>, level?: "warn" | "error"): void;
  /** Failures reported so far, logged or not. */
  total(): number;
}

/**
 * In a cascade (Telegram unreachable, a chat in a long flood wait) the same error comes
 * back for every update. Logging the first one with its cause, then a count, keeps the
 * cause findable instead of burying it under thousands of copies.
 *
 * @param quietMs how long repeats of one key stay silent, in ms. Default 60,000: at most
 *   one line a minute per kind of failure.
 */
export function createFailureLog(logger: Logger, quietMs = 60_000): FailureLog {
  const lastLogged = new Map<string, { at: number; repeats: number }>();
  let total = 0;

  function forgetOld(now: number): void {
    for (const [key, entry] of lastLogged) {
      if (now - entry.at > quietMs) lastLogged.delete(key);
    }
  }

  return {
    report(key, fields, level = "warn") {
      total += 1;
      const now = Date.now();
      const entry = lastLogged.get(key);
      if (entry !== undefined && now - entry.at <= quietMs) {
        entry.repeats += 1;
        return;
      }

      logger[level]({ ...fields, ...(entry?.repeats ? { repeats: entry.repeats } : {}) });
      if (lastLogged.size >= 1000) forgetOld(now);
      lastLogged.set(key, { at: now, repeats: 0 });
    },
    total: () => total,
  };
}
