import type { Context, MiddlewareFn } from "grammy";

export interface InFlightUpdate {
  updateId: number;
  /** Update kind, such as `message` or `callback_query`. */
  kind: string;
  chatId: number | undefined;
  userId: number | undefined;
  /** How long it has been running, in ms. */
  ageMs: number;
}

export interface InFlight {
  /** Put first in the chain: everything after it counts as in flight. */
  middleware: MiddlewareFn<Context>;
  /** Updates in flight now. */
  size(): number;
  /** Highest `size()` seen. */
  peak(): number;
  /** The updates in flight now, oldest first; logged when a shutdown deadline passes. */
  list(): InFlightUpdate[];
  /** Resolves when nothing is in flight. */
  drained(): Promise<void>;
}

/** Tracks the updates being handled, for the health line and for draining on shutdown. */
export function createInFlight(): InFlight {
  const running = new Map<number, Omit<InFlightUpdate, "ageMs"> & { startedAt: number }>();
  let waiting: Array<() => void> = [];
  let peak = 0;

  const middleware: MiddlewareFn<Context> = async (ctx, next) => {
    const updateId = ctx.update.update_id;
    running.set(updateId, {
      updateId,
      kind: Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown",
      chatId: ctx.chat?.id,
      userId: ctx.from?.id,
      startedAt: Date.now(),
    });
    peak = Math.max(peak, running.size);

    try {
      await next();
    } finally {
      running.delete(updateId);
      if (running.size === 0) {
        for (const resolve of waiting) resolve();
        waiting = [];
      }
    }
  };

  return {
    middleware,
    size: () => running.size,
    peak: () => peak,
    list: () =>
      [...running.values()].map(({ startedAt, ...update }) => ({
        ...update,
        ageMs: Date.now() - startedAt,
      })),
    drained: () =>
      running.size === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve)),
  };
}
