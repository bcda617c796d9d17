import type { Context, MiddlewareFn } from "grammy";
import type { Store } from "../store.js";

export interface SkipHandled {
  middleware: MiddlewareFn<Context>;
  /** Updates skipped because they had been handled before a restart. */
  duplicates(): number;
}

/**
 * Lets each update_id through once. The runner confirms a batch of updates to Telegram
 * only with its next getUpdates call, so after a stop or crash Telegram may send part
 * of the last batch again; those updates are skipped here.
 *
 * An update is claimed when it starts, not when it ends: one interrupted by a crash is
 * not retried. Answering twice is the worse failure for a chat bot.
 *
 * @param isStopping while true, updates are left unclaimed and unhandled, so that the
 *   next run picks them up.
 */
export function createSkipHandled(store: Store, isStopping: () => boolean): SkipHandled {
  let duplicates = 0;

  const middleware: MiddlewareFn<Context> = (ctx, next) => {
    if (isStopping()) return;
    if (!store.claimUpdate(ctx.update.update_id)) {
      duplicates += 1;
      return;
    }
    return next();
  };

  return { middleware, duplicates: () => duplicates };
}
