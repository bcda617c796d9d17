/**
 * The incident's bot, translated from aiogram to grammY, faults included. Do not use it as
 * a model: it exists to be measured against the generated bot.
 *
 * - No inbound throttle: every update becomes a handler run.
 * - Unbounded concurrency: every update runs at once, as aiogram runs each one as a task.
 * - A 429 is waited out inside the handler, for as long as Telegram asks and as often as it
 *   asks, while the update and its reply stay open.
 * - No per-update timeout, no shutdown handling: SIGTERM ends the process mid-update.
 *
 * The same job as the generated bot: count each user's messages in SQLite and reply.
 * Settings come from the generated bot's variables: BOT_TOKEN, TELEGRAM_API_ROOT,
 * DATABASE_PATH.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "@grammyjs/runner";
import Database from "better-sqlite3";
import { Bot, GrammyError, type Context } from "grammy";
import { pino } from "pino";

const token = required("BOT_TOKEN");
const databasePath = required("DATABASE_PATH");
const logger = pino({ base: undefined }, pino.destination({ dest: 1, sync: true }));

mkdirSync(dirname(databasePath), { recursive: true });
const db = new Database(databasePath);
db.exec("CREATE TABLE IF NOT EXISTS users (user_id INTEGER PRIMARY KEY, message_count INTEGER)");
const countMessage = db.prepare<[number], { message_count: number }>(
  `INSERT INTO users VALUES (?, 1)
   ON CONFLICT (user_id) DO UPDATE SET message_count = message_count + 1
   RETURNING message_count`,
);
const messageCount = db.prepare<[number], { message_count: number }>(
  "SELECT message_count FROM users WHERE user_id = ?",
);

const apiRoot = process.env.TELEGRAM_API_ROOT;
const bot = new Bot(token, { client: apiRoot === undefined ? {} : { apiRoot } });

bot.on("message:text", async (ctx) => {
  const count = countMessage.get(ctx.from.id)!.message_count;
  const text = count === 1 ? "Got your first message." : `Got it: message ${count} from you.`;
  await untilSent(ctx, () => ctx.reply(text));
});

bot.on("callback_query", async (ctx) => {
  const count = messageCount.get(ctx.from.id)?.message_count ?? 0;
  await untilSent(ctx, () => ctx.answerCallbackQuery({ text: `You have sent ${count} messages.` }));
});

bot.catch((error) => {
  logger.error({ event: "update_failed", updateId: error.ctx.update.update_id, err: error.error });
});

await bot.init();
logger.info({ event: "bot_started", username: bot.botInfo.username });
run(bot, { sink: { concurrency: Infinity } });

/** Repeats `send` after every 429, waiting exactly as long as Telegram asked. */
async function untilSent<T>(ctx: Context, send: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof GrammyError) || error.parameters.retry_after === undefined) {
        throw error;
      }

      const retryAfter = error.parameters.retry_after;
      logger.warn({
        event: "flood_wait",
        msg: `Telegram flood control: ${error.description}`,
        chatId: ctx.chat?.id,
        updateId: ctx.update.update_id,
        retryAfterSeconds: retryAfter,
      });
      await sleep(retryAfter * 1000);
    }
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    console.error(`${name} is not set`);
    process.exit(1);
  }
  return value;
}
