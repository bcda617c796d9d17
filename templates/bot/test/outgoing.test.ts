import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createAgent, createBot, type BotParts } from "../src/bot.js";
import { parseConfig } from "../src/config.js";
import { createFailureLog } from "../src/failure-log.js";
import { createLogger } from "../src/logger.js";
import { openStore, type Store } from "../src/store.js";
import { startFakeBotApi, type FakeBotApi } from "./support/fake-bot-api.js";
import { TEST_TOKEN } from "./support/bot-process.js";

let fake: FakeBotApi;
let store: Store;
let dir: string;
let agent: ReturnType<typeof createAgent>;
const lines: Array<Record<string, unknown>> = [];

async function buildBot(): Promise<BotParts> {
  fake = await startFakeBotApi();
  dir = mkdtempSync(join(tmpdir(), "bot-outgoing-"));
  store = openStore(join(dir, "bot.sqlite"));
  const config = parseConfig({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot });
  const logger = createLogger({
    level: "info",
    secrets: [TEST_TOKEN],
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  agent = createAgent(fake.apiRoot);
  return createBot({
    config,
    store,
    failures: createFailureLog(logger),
    agent,
    isStopping: () => false,
  });
}

afterEach(async () => {
  agent.destroy();
  store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  lines.length = 0;
});

describe("outgoing requests", () => {
  it("waits out a short retry_after and retries; every attempt is paced and observed", async () => {
    const { bot, api } = await buildBot();
    fake.injectFault({
      method: "sendMessage",
      chatId: 7,
      fault: { type: "error", errorCode: 429, retryAfterSeconds: 1 },
    });

    await bot.api.sendMessage(7, "hello");

    const [refused, accepted] = fake.callsOf("sendMessage", 7);
    expect(accepted!.status).toBe(200);
    expect(accepted!.startedAt - refused!.endedAt!).toBeGreaterThanOrEqual(1000);
    expect(api.stats()).toMatchObject({ retries: 1, rateLimited: 1 });
    expect(lines).toContainEqual(
      expect.objectContaining({ event: "rate_limited", chatId: 7, retryAfterSeconds: 1 }),
    );
  });

  it("fails a call on a connection reset instead of retrying it without end", async () => {
    const { bot, api } = await buildBot();
    fake.injectFault({ method: "sendMessage", chatId: 7, fault: { type: "reset" } });

    const error = await bot.api.sendMessage(7, "hello").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HttpError);
    expect(fake.callsOf("sendMessage", 7)).toHaveLength(1);
    expect(api.stats().networkErrors).toBe(1);
  });

  it("does not pace button answers behind messages", async () => {
    const { bot } = await buildBot();
    const press = fake.pressButton({ id: 7 }, "show-count");

    const sends = [1, 2, 3].map(() => bot.api.sendMessage(7, "hello"));
    await bot.api.answerCallbackQuery(press.callback_query!.id);
    const answeredWhileSendsWaited = fake.callsOf("sendMessage", 7).length < 3;
    await Promise.all(sends);

    expect(answeredWhileSendsWaited).toBe(true);
  });
});
