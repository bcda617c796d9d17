import { Composer, InlineKeyboard, type Context } from "grammy";
import type { Store } from "../store.js";

const SHOW_COUNT = "show-count";

/** The inline button that asks for the count. */
export function countButton(): InlineKeyboard {
  return new InlineKeyboard().text("How many so far?", SHOW_COUNT);
}

/** Answers a press of the count button with a short notice showing the user's count. */
export function countButtonFeature(store: Store): Composer<Context> {
  const feature = new Composer<Context>();

  feature.callbackQuery(SHOW_COUNT, (ctx) => {
    const count = store.messageCount(ctx.from.id);
    return ctx.answerCallbackQuery({
      text: `You have sent ${count} message${count === 1 ? "" : "s"}.`,
    });
  });

  // Buttons of older versions of the bot: stop the spinner rather than leave it turning.
  feature.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  return feature;
}
