import { Composer, type Context } from "grammy";
import type { Store } from "../store.js";

/** Any text that is not a command: counted per user in the database, and acknowledged. */
export function countMessagesFeature(store: Store): Composer<Context> {
  const feature = new Composer<Context>();

  feature.on("message:text", (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();

    const count = store.countMessage(ctx.from.id);
    // The user's text is not echoed: a reply longer than 4096 characters would be refused.
    return ctx.reply(
      count === 1 ? "Got your first message." : `Got it: message ${count} from you.`,
    );
  });

  return feature;
}
