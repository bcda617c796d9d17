import { Composer, type Context } from "grammy";
import { countButton } from "./count-button.js";

/** /start: a greeting and the button that shows the user's count. */
export function startFeature(): Composer<Context> {
  const feature = new Composer<Context>();

  feature.command("start", (ctx) =>
    ctx.reply(
      `Hi ${ctx.from?.first_name ?? "there"}! Send me any text and I will count your messages. ` +
        "Press the button to see the count, or send /help.",
      { reply_markup: countButton() },
    ),
  );

  return feature;
}
