import { describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { tempDataDir, within } from "./support/bot-process.js";
import { isEvent, succeeded, useE2e, user } from "./support/e2e.js";

const e2e = useE2e();

describe("the bot under failures, end to end", () => {
  it("answers other users while one user's reply hangs", async () => {
    const fake = await e2e.fakeApi();
    await e2e.start();
    fake.injectFault({ method: "sendMessage", chatId: 1, fault: { type: "hang" } });

    fake.sendText(user(1), "this reply will hang");
    await fake.waitFor(() => fake.callsOf("sendMessage", 1).length === 1);
    for (const id of [2, 3, 4, 5]) fake.sendText(user(id), "hello");
    await fake.waitFor(() => [2, 3, 4, 5].every((id) => succeeded(fake, "sendMessage", id).length));

    expect(fake.callsOf("sendMessage", 1)[0]!.state).toBe("open");
  });

  it("gives up at once on a retry_after of an hour, and logs it once", async () => {
    const fake = await e2e.fakeApi();
    const bot = await e2e.start();
    fake.injectFault({
      method: "sendMessage",
      chatId: 1,
      fault: { type: "error", errorCode: 429, retryAfterSeconds: 3600 },
    });

    const sentAt = Date.now();
    fake.sendText(user(1), "hello");
    const failure = await bot.waitForLog(isEvent("update_failed"), 10_000);
    const gaveUpAfterMs = Date.now() - sentAt;
    fake.sendText(user(2), "hello");
    await fake.waitFor(() => succeeded(fake, "sendMessage", 2).length === 1);

    expect(gaveUpAfterMs).toBeLessThan(10_000);
    expect(failure.error).toMatchObject({ errorCode: 429, retryAfterSeconds: 3600 });
    expect(fake.callsOf("sendMessage", 1)).toHaveLength(1);
    expect(bot.logs.filter(isEvent("update_failed"))).toHaveLength(1);
  });

  it("ends with a non-zero code and one clear line when getUpdates answers 409", async () => {
    const fake = await e2e.fakeApi();
    const bot = await e2e.start();

    fake.injectFault({ method: "getUpdates", fault: { type: "error", errorCode: 409 } });
    const { code } = await within(20_000, bot.exited, "exiting after a 409");

    expect(code).toBe(1);
    expect(bot.logs.filter(isEvent("polling_stopped"))).toEqual([
      expect.objectContaining({
        level: "fatal",
        error: expect.objectContaining({ errorCode: 409 }),
      }),
    ]);
    expect(bot.errors).toEqual([]);
  });

  it("stops at startup with one line when Telegram rejects the token (401)", async () => {
    const fake = await e2e.fakeApi({ token: "1:" + "n".repeat(35) });

    const bot = e2e.spawn();
    const { code } = await within(20_000, bot.exited, "exiting after a 401");

    expect(code).toBe(1);
    expect(bot.logs.filter(isEvent("startup_failed"))).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ errorCode: 401 }) }),
    ]);
    expect(bot.errors).toEqual([]);
    expect(fake.callsOf("getUpdates")).toEqual([]);
  });

  it("prints one line naming BOT_TOKEN and exits 1 when the token is missing", async () => {
    await e2e.fakeApi();
    const bot = e2e.spawn({ BOT_TOKEN: "" });

    const { code } = await within(20_000, bot.exited, "exiting without a token");

    expect(code).toBe(1);
    expect(bot.output).toEqual([
      expect.stringMatching(/^Configuration error: BOT_TOKEN is not set/),
    ]);
  });

  it("exits 1 with one line naming DATABASE_PATH and the path when it names a folder", async () => {
    await e2e.fakeApi();
    const folder = tempDataDir();

    const bot = e2e.spawn({ DATABASE_PATH: folder });
    const { code } = await within(20_000, bot.exited, "exiting on a folder as DATABASE_PATH");
    rmSync(folder, { recursive: true, force: true });

    expect(code).toBe(1);
    expect(bot.output).toEqual([
      `Configuration error: DATABASE_PATH "${folder}" cannot be used: it is a folder; ` +
        `point it at a file, like a bot.sqlite inside that folder`,
    ]);
  });

  it("logs startup_aborted and exits 0 on SIGTERM while getMe hangs", async () => {
    const fake = await e2e.fakeApi();
    fake.injectFault({ method: "getMe", fault: { type: "hang" } });
    const bot = e2e.spawn();
    await fake.waitFor(() => fake.callsOf("getMe").length === 1);

    bot.kill("SIGTERM");
    const { code } = await within(10_000, bot.exited, "exiting on SIGTERM during startup");

    expect(code).toBe(0);
    expect(bot.logs).toEqual([
      expect.objectContaining({ level: "info", event: "startup_aborted", reason: "SIGTERM" }),
    ]);
    expect(bot.errors).toEqual([]);
  });
});
