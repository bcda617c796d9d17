import { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, describeError } from "../src/logger.js";
import { startFakeBotApi, type FakeBotApi } from "./support/fake-bot-api.js";

const TOKEN = "123456789:" + "Tk_-".repeat(8) + "xyz";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    level: "info",
    secrets: [TOKEN],
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines };
}

let fake: FakeBotApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("logger", () => {
  it("writes one JSON object per line with the event name and level", () => {
    const { logger, lines } = capture();

    logger.info({ event: "health", inFlight: 2 });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", event: "health", inFlight: 2 });
  });

  it("removes the token from any field, plain or percent-encoded", () => {
    const { logger, lines } = capture();

    logger.info({ event: "x", url: `https://api.telegram.org/bot${TOKEN}/getMe` });
    logger.info({ event: "x", url: `/bot${encodeURIComponent(TOKEN)}/getMe` });
    logger.info({ event: "x", nested: { deeper: [`token=${TOKEN}`] } });

    expect(lines.join("")).not.toContain(TOKEN.split(":")[1]);
    expect(lines.join("")).toContain("[redacted]");
  });

  it("removes the token from a network error, whose cause names the request URL", async () => {
    fake = await startFakeBotApi();
    fake.injectFault({ method: "getMe", fault: { type: "reset" } });
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
    const error = await bot.api.getMe().catch((e: unknown) => e);
    const { logger, lines } = capture();

    logger.error({ event: "telegram_unreachable", error: describeError(error) });

    expect(JSON.stringify(describeError(error))).toContain(TOKEN);
    expect(lines[0]).not.toContain(TOKEN.split(":")[1]);
    expect(JSON.parse(lines[0]!).error).toMatchObject({ type: "HttpError" });
  });

  it("describes Telegram errors without a stack trace", async () => {
    fake = await startFakeBotApi();
    fake.injectFault({
      method: "sendMessage",
      fault: { type: "error", errorCode: 400, description: "Bad Request: message is too long" },
    });
    const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });

    const error = await bot.api.sendMessage(1, "x").catch((e: unknown) => e);

    expect(describeError(error)).toEqual({
      type: "GrammyError",
      message: "Call to 'sendMessage' failed! (400: Bad Request: message is too long)",
      method: "sendMessage",
      errorCode: 400,
      description: "Bad Request: message is too long",
    });
  });
});
