import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { TEST_TOKEN } from "./support/bot-process.js";
import { startFakeBotApi, type FakeBotApi } from "./support/fake-bot-api.js";

let fake: FakeBotApi;
let app: RunningBot | undefined;
let dir: string;
const lines: Array<Record<string, unknown>> = [];

async function start(healthIntervalSeconds = 60): Promise<RunningBot> {
  fake = await startFakeBotApi();
  dir = mkdtempSync(join(tmpdir(), "bot-app-"));
  const config = parseConfig({
    BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    DATABASE_PATH: join(dir, "bot.sqlite"),
  });
  app = await startBot(config, {
    healthIntervalSeconds,
    logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return app;
}

afterEach(async () => {
  await app?.shutdown.forceStop("test over");
  app = undefined;
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  lines.length = 0;
});

describe("startBot, embedded", () => {
  it("logs a health line periodically: in-flight, passed, throttled, retries, RSS", async () => {
    await start(1);

    fake.sendText({ id: 1 }, "hello");
    await fake.waitFor(() => lines.some((line) => line.event === "health" && line.passed === 1));

    expect(lines.find((line) => line.event === "health" && line.passed === 1)).toMatchObject({
      level: "info",
      inFlight: 0,
      throttled: 0,
      retries: 0,
      rssMb: expect.any(Number),
    });
  });

  it("drops a user's update sent within the window even if fetched after the window", async () => {
    const bot = await start();
    const first = fake.sendText({ id: 1 }, "first");
    await fake.waitFor(() => bot.stats().passed === 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    fake.pushUpdate({ message: { ...first.message!, message_id: 2, text: "sent with the first" } });
    await fake.waitFor(() => bot.stats().passed + bot.stats().throttled === 2);

    expect(bot.stats()).toMatchObject({ passed: 1, throttled: 1 });
  });

  it("counts every update as handled or throttled, and stops cleanly", async () => {
    const bot = await start();

    for (let i = 0; i < 3; i++) fake.sendText({ id: 1 }, `burst ${i}`);
    fake.pressButton({ id: 1 }, "show-count");
    await fake.waitFor(() => bot.stats().passed + bot.stats().throttled === 4);
    await fake.waitFor(() => bot.stats().inFlight === 0);
    const code = await bot.shutdown.stop("test");

    expect(code).toBe(0);
    expect(bot.stats()).toMatchObject({ passed: 1, throttled: 3, rateLimited: 0 });
    expect(fake.callsOf("answerCallbackQuery")).toHaveLength(1);
    expect(await bot.shutdown.stop("again")).toBe(0);
    expect(lines.filter((line) => line.event === "shutdown_started")).toHaveLength(1);
  });

  it("names DATABASE_PATH in startup_failed when the file is not a SQLite database", async () => {
    fake = await startFakeBotApi();
    dir = mkdtempSync(join(tmpdir(), "bot-app-"));
    const databasePath = join(dir, "notes.txt");
    writeFileSync(databasePath, "These are notes, not a database.\n".repeat(100));
    const config = parseConfig({
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_PATH: databasePath,
    });

    const started = startBot(config, {
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });

    await expect(started).rejects.toThrow(/not a database/);
    expect(lines).toEqual([
      expect.objectContaining({
        event: "startup_failed",
        step: "database",
        databasePath,
        hint: expect.stringMatching(/^DATABASE_PATH /),
      }),
    ]);
  });
});
