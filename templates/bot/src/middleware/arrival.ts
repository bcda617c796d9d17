import type { Context } from "grammy";

/**
 * When Telegram received the update, as well as can be told, in ms since epoch; undefined
 * for update kinds that carry no time (button presses, inline queries, poll answers).
 *
 * Telegram stamps messages, edits and chat events in whole seconds. The latest moment
 * within that second is taken, or now if that is earlier, so an update fetched at once is
 * judged by when it is handled, and one left waiting with Telegram while the bot was busy
 * is judged by when it was sent, to within a second.
 *
 * Limitation: this compares Telegram's clock with the bot's; if the bot's clock runs ahead
 * by a second or more, every dated update is judged at one-second resolution.
 */
export function arrivedAtMs(ctx: Context): number | undefined {
  const update = ctx.update;
  const message =
    update.message ??
    update.channel_post ??
    update.business_message ??
    update.edited_message ??
    update.edited_channel_post ??
    update.edited_business_message;
  const event =
    update.my_chat_member ??
    update.chat_member ??
    update.chat_join_request ??
    update.message_reaction ??
    update.message_reaction_count;
  const seconds = message?.edit_date ?? message?.date ?? event?.date;
  if (seconds === undefined) return undefined;

  return Math.min(Date.now(), seconds * 1000 + 999);
}
