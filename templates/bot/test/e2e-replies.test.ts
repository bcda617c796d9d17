import { describe, expect, it } from "vitest";
import { isEvent, succeeded, useE2e, user } from "./support/e2e.js";

const e2e = useE2e();

describe("the bot, end to end", () => {
  it("replies to a message and answers a button press", async () => {
    const fake = await e2e.fakeApi();
    await e2e.start();

    fake.sendText(user(1), "hello");
    await fake.waitFor(() => succeeded(fake, "sendMessage", 1).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    fake.pressButton(user(1), "show-count");
    await fake.waitFor(() => succeeded(fake, "answerCallbackQuery").length === 1);

    expect(succeeded(fake, "sendMessage", 1)[0]!.params.text).toBe("Got your first message.");
    expect(succeeded(fake, "answerCallbackQuery")[0]!.params.text).toBe("You have sent 1 message.");
  });

  it("20 users, 5 messages each in 1 s: no 429, every user answered, nothing twice", async () => {
    const fake = await e2e.fakeApi();
    const bot = await e2e.start();
    const users = Array.from({ length: 20 }, (_, i) => user(100 + i));

    for (let round = 0; round < 5; round++) {
      for (const u of users) fake.sendText(u, `message ${round}`);
      await new Promise((resolve) => setTimeout(resolve, 190));
    }
    await fake.waitFor(() => users.every((u) => succeeded(fake, "sendMessage", u.id).length > 0), {
      description: "a reply to every user",
    });
    bot.kill("SIGTERM");
    const final = await bot.waitForLog((line) => line.event === "health" && line.final === true);

    expect(fake.stats().rateLimited).toBe(0);
    expect(final.passed as number).toBeGreaterThanOrEqual(20);
    expect((final.passed as number) + (final.throttled as number)).toBe(100);
    expect(fake.callsOf("sendMessage")).toHaveLength(final.passed as number);
  });

  it("keeps serving after a handler fails on a Telegram 400", async () => {
    const fake = await e2e.fakeApi();
    const bot = await e2e.start();
    fake.injectFault({
      method: "sendMessage",
      chatId: 5,
      fault: { type: "error", errorCode: 400, description: "Bad Request: message is too long" },
    });

    fake.sendText(user(5), "first");
    const failure = await bot.waitForLog(isEvent("update_failed"));
    fake.sendText(user(6), "other user");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    fake.sendText(user(5), "second");
    await fake.waitFor(() => succeeded(fake, "sendMessage", 5).length === 1);
    await fake.waitFor(() => succeeded(fake, "sendMessage", 6).length === 1);

    expect(failure).toMatchObject({
      level: "error",
      chatId: 5,
      error: { errorCode: 400, description: "Bad Request: message is too long" },
    });
    expect(bot.errors).toEqual([]);
  });
});
