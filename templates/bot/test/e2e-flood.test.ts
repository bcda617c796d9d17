import { describe, expect, it } from "vitest";
import { succeeded, useE2e, user } from "./support/e2e.js";

const e2e = useE2e();

describe("the bot in a flood wait, end to end", () => {
  it(
    "one chat gets retry_after 28: other chats are not delayed, and its reply comes after the wait",
    { timeout: 90_000 },
    async () => {
      const fake = await e2e.fakeApi();
      await e2e.start();
      fake.injectFault({
        method: "sendMessage",
        chatId: 1,
        fault: { type: "error", errorCode: 429, retryAfterSeconds: 28 },
      });

      fake.sendText(user(1), "hello");
      await fake.waitFor(() => fake.callsOf("sendMessage", 1).length === 1);
      const floodStartedAt = fake.callsOf("sendMessage", 1)[0]!.endedAt!;
      const othersSentAt = Date.now();
      for (const id of [2, 3, 4, 5, 6]) fake.sendText(user(id), "hello");
      await fake.waitFor(() =>
        [2, 3, 4, 5, 6].every((id) => succeeded(fake, "sendMessage", id).length === 1),
      );
      const othersAnsweredAfterMs = Date.now() - othersSentAt;
      await fake.waitFor(() => succeeded(fake, "sendMessage", 1).length === 1, {
        timeoutMs: 60_000,
        description: "the reply to the rate-limited chat",
      });

      const reply = succeeded(fake, "sendMessage", 1)[0]!;
      expect(othersAnsweredAfterMs).toBeLessThan(10_000);
      expect(reply.startedAt - floodStartedAt).toBeGreaterThanOrEqual(28_000);
      expect(fake.callsOf("sendMessage", 1)).toHaveLength(2);
      expect(fake.stats().rateLimited).toBe(1);
    },
  );
});
