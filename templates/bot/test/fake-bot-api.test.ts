import { afterEach, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "./support/fake-bot-api.js";

const TOKEN = "123456:" + "A".repeat(35);

let fake: FakeBotApi;

afterEach(async () => {
  await fake.close();
});

async function call(method: string, params: Record<string, unknown> = {}) {
  const res = await fetch(`${fake.apiRoot}/bot${TOKEN}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe("fake Bot API", () => {
  it("answers a long poll as soon as an update arrives and forgets it once confirmed", async () => {
    fake = await startFakeBotApi();
    const poll = call("getUpdates", { timeout: 10 });
    await fake.waitFor(() => fake.callsOf("getUpdates").length === 1);

    const sent = fake.sendText({ id: 7 }, "/start");
    const first = await poll;
    const confirmed = await call("getUpdates", { offset: sent.update_id + 1, timeout: 0 });

    expect(first.body.result).toEqual([sent]);
    expect(sent.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    expect(sent.message?.from).toMatchObject({ id: 7, is_bot: false });
    expect(sent.message?.chat).toMatchObject({ id: 7, type: "private" });
    expect(confirmed.body.result).toEqual([]);
    expect(fake.unconfirmedUpdates()).toEqual([]);
  });

  it("answers 429 with retry_after once a chat exceeds its limit", async () => {
    fake = await startFakeBotApi({ chatLimit: { perSecond: 1, burst: 2 } });

    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await call("sendMessage", { chat_id: 7, text: "hi" }));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2]!.body).toMatchObject({
      ok: false,
      error_code: 429,
      parameters: { retry_after: 1 },
    });
    expect(fake.stats().rateLimited).toBe(1);
    expect(fake.callsOf("sendMessage", 7).map((c) => c.retryAfter)).toEqual([
      undefined,
      undefined,
      1,
    ]);
  });

  it("ends a pending long poll with an injected 409", async () => {
    fake = await startFakeBotApi();
    const poll = call("getUpdates", { timeout: 10 });
    await fake.waitFor(() => fake.callsOf("getUpdates").length === 1);

    fake.injectFault({ method: "getUpdates", fault: { type: "error", errorCode: 409 } });

    expect(await poll).toMatchObject({ status: 409, body: { ok: false, error_code: 409 } });
  });

  it("keeps a chat in its flood wait after an injected 429", async () => {
    fake = await startFakeBotApi();
    fake.injectFault({
      method: "sendMessage",
      chatId: 7,
      fault: { type: "error", errorCode: 429, retryAfterSeconds: 28 },
    });

    const first = await call("sendMessage", { chat_id: 7, text: "hi" });
    const again = await call("sendMessage", { chat_id: 7, text: "hi" });
    const other = await call("sendMessage", { chat_id: 8, text: "hi" });

    expect(first.body.parameters).toEqual({ retry_after: 28 });
    expect(again.body.error_code).toBe(429);
    expect(other.status).toBe(200);
  });

  it("records every call with its timing, status and chat", async () => {
    fake = await startFakeBotApi();

    await call("sendMessage", { chat_id: 7, text: "x".repeat(4097) });

    const [record] = fake.calls;
    expect(record).toMatchObject({
      seq: 1,
      method: "sendMessage",
      chatId: 7,
      state: "answered",
      status: 400,
      errorCode: 400,
    });
    expect(record!.endedAt).toBeGreaterThanOrEqual(record!.startedAt);
    expect(fake.stats().peakSockets).toBeGreaterThanOrEqual(1);
  });
});
