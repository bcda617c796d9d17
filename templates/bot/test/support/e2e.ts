/**
 * Shared set-up for end-to-end tests: a fake Bot API, a throw-away database folder, and
 * bot processes that are killed after each test. After each test, the output of every
 * process is checked for the token.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import {
  spawnBot,
  tempDataDir,
  TOKEN_SECRET,
  type BotProcess,
  type LogLine,
} from "./bot-process.js";
import {
  startFakeBotApi,
  type ApiCall,
  type FakeBotApi,
  type FakeBotApiOptions,
} from "./fake-bot-api.js";

export interface E2e {
  /** Starts the fake Bot API for this test. */
  fakeApi(options?: FakeBotApiOptions): Promise<FakeBotApi>;
  /** Spawns `src/main.ts` against the fake, on this test's database. */
  spawn(env?: Record<string, string>): BotProcess;
  /** Spawns and waits until the bot reports `bot_started`. */
  start(env?: Record<string, string>): Promise<BotProcess>;
}

export function useE2e(): E2e {
  let fake: FakeBotApi | undefined;
  let dataDir: string | undefined;
  const bots: BotProcess[] = [];

  afterEach(async () => {
    for (const bot of bots.splice(0)) {
      bot.kill("SIGKILL");
      await bot.exited;
      expect(bot.output.join("\n")).not.toContain(TOKEN_SECRET);
    }
    await fake?.close();
    fake = undefined;
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  const e2e: E2e = {
    async fakeApi(options) {
      fake = await startFakeBotApi(options);
      return fake;
    },
    spawn(env) {
      if (fake === undefined) throw new Error("start the fake Bot API first");
      dataDir ??= tempDataDir();
      const bot = spawnBot({
        apiRoot: fake.apiRoot,
        databasePath: join(dataDir, "bot.sqlite"),
        ...(env === undefined ? {} : { env }),
      });
      bots.push(bot);
      return bot;
    },
    async start(env) {
      const bot = e2e.spawn(env);
      await bot.waitForLog((line) => line.event === "bot_started");
      return bot;
    },
  };
  return e2e;
}

export function user(id: number) {
  return { id, first_name: `User${id}` };
}

/** Calls of `method` that Telegram answered with 200. */
export function succeeded(fake: FakeBotApi, method: string, chatId?: number): ApiCall[] {
  return fake.callsOf(method, chatId).filter((call) => call.status === 200);
}

export function isEvent(event: string) {
  return (line: LogLine) => line.event === event;
}
