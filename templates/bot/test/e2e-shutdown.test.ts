import { describe, expect, it } from "vitest";
import { within } from "./support/bot-process.js";
import { isEvent, succeeded, useE2e, user } from "./support/e2e.js";

const e2e = useE2e();
const finalHealth = (line: Record<string, unknown>) =>
  line.event === "health" && line.final === true;

describe("stopping the bot, end to end", () => {
  it("SIGTERM amid replies: exits 0 by the deadline; a restart handles nothing twice", async () => {
    // Every answer takes 1.5 s, so replies are still in flight when the signal arrives.
    const fake = await e2e.fakeApi({ latencyMs: 1500 });
    const first = await e2e.start({ SHUTDOWN_DEADLINE_SECONDS: "10" });
    // The getUpdates that would confirm the batch never answers, so Telegram (the fake)
    // still holds the batch when the bot stops, and sends it again after the restart.
    await fake.waitFor(() => fake.callsOf("getUpdates").length === 1);
    fake.injectFault({ method: "getUpdates", fault: { type: "hang" } });
    const users = [1, 2, 3, 4, 5].map(user);

    for (const u of users) fake.sendText(u, "hello");
    await fake.waitFor(() => fake.callsOf("sendMessage").length === 5);
    const signalledAt = Date.now();
    first.kill("SIGTERM");
    const { code } = await within(15_000, first.exited, "the graceful stop");
    const stopSeconds = (Date.now() - signalledAt) / 1000;
    const redelivered = fake.unconfirmedUpdates().length;
    fake.clearFaults();

    const second = await e2e.start();
    fake.sendText(user(6), "after the restart");
    await fake.waitFor(() => succeeded(fake, "sendMessage", 6).length === 1);
    second.kill("SIGTERM");
    const secondHealth = await second.waitForLog(finalHealth);

    expect(code).toBe(0);
    expect(stopSeconds).toBeLessThan(10);
    expect(succeeded(fake, "sendMessage")).toHaveLength(6);
    expect(redelivered).toBe(5);
    expect(secondHealth).toMatchObject({ duplicates: 5, passed: 1 });
    for (const u of users) expect(fake.callsOf("sendMessage", u.id)).toHaveLength(1);
  });

  it("a second SIGTERM stops at once with exit code 1, naming what was still running", async () => {
    const fake = await e2e.fakeApi();
    const bot = await e2e.start({ SHUTDOWN_DEADLINE_SECONDS: "60" });
    fake.injectFault({ method: "sendMessage", chatId: 1, fault: { type: "hang" } });
    const update = fake.sendText(user(1), "this reply hangs");
    await fake.waitFor(() => fake.callsOf("sendMessage", 1).length === 1);

    bot.kill("SIGTERM");
    await bot.waitForLog(isEvent("shutdown_started"));
    bot.kill("SIGTERM");
    const { code } = await within(10_000, bot.exited, "the forced stop");

    expect(code).toBe(1);
    expect(bot.logs.find(isEvent("shutdown_forced"))).toMatchObject({
      stillRunning: [expect.objectContaining({ updateId: update.update_id, chatId: 1 })],
    });
  });

  it("exits 1 when in-flight updates outlast the deadline", async () => {
    const fake = await e2e.fakeApi();
    const bot = await e2e.start({ SHUTDOWN_DEADLINE_SECONDS: "2" });
    fake.injectFault({ method: "sendMessage", chatId: 1, fault: { type: "hang" } });
    fake.sendText(user(1), "this reply hangs");
    await fake.waitFor(() => fake.callsOf("sendMessage", 1).length === 1);

    bot.kill("SIGTERM");
    const { code } = await within(10_000, bot.exited, "the stop at the deadline");

    expect(code).toBe(1);
    expect(bot.logs.filter(isEvent("shutdown_deadline_passed"))).toHaveLength(1);
  });
});
