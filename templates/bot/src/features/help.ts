import { Composer, type Context } from "grammy";

/** /help: what the bot does. */
export function helpFeature(): Composer<Context> {
  const feature = new Composer<Context>();

  feature.command("help", (ctx) =>
    ctx.reply(
      [
        "/start: greeting and a button that shows your message count",
        "/help: this text",
        "Any other text is counted.",
        "Messages sent less than a second apart are ignored.",
      ].join("\n"),
    ),
  );

  return feature;
}
