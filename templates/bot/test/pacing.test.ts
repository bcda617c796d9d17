import type { ApiCallFn } from "grammy";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPacer, type PacingOptions } from "../src/api/pacing.js";

type Answer = Record<string, unknown>;

/** A stand-in for Telegram that records when each call started and answers `answer(call)`. */
function telegram(answer: (method: string, chatId: unknown) => Answer = () => okAnswer) {
  const started: Array<{ method: string; chatId: unknown; at: number }> = [];
  const prev = vi.fn(async (method: string, payload: { chat_id?: unknown }) => {
    started.push({ method, chatId: payload?.chat_id, at: Date.now() });
    return answer(method, payload?.chat_id);
  });
  return { prev: prev as unknown as ApiCallFn, started };
}

const okAnswer = { ok: true as const, result: true as const };

function send(pacer: ReturnType<typeof createPacer>, prev: ApiCallFn, chatId: number) {
  return pacer.transformer(prev, "sendMessage", { chat_id: chatId, text: "hi" });
}

function pacerWith(options: PacingOptions = {}) {
  return createPacer({ chatIntervalMs: 1000, globalPerSecond: 1000, ...options });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("outgoing pacing", () => {
  it("sends to one chat one at a time, a chat interval apart", async () => {
    const pacer = pacerWith();
    const { prev, started } = telegram();

    const sends = [send(pacer, prev, 7), send(pacer, prev, 7), send(pacer, prev, 7)];
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(sends);

    expect(started.map((s) => s.at - started[0]!.at)).toEqual([0, 1000, 2000]);
  });

  it("spaces group chats further apart than private chats", async () => {
    const pacer = pacerWith({ groupIntervalMs: 3000 });
    const { prev, started } = telegram();

    const sends = [send(pacer, prev, -100), send(pacer, prev, -100)];
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(sends);

    expect(started[1]!.at - started[0]!.at).toBe(3000);
  });

  it("spaces sends over all chats at the global rate", async () => {
    const pacer = pacerWith({ globalPerSecond: 10 });
    const { prev, started } = telegram();

    const sends = [1, 2, 3, 4].map((chat) => send(pacer, prev, chat));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(sends);

    expect(started.map((s) => s.at - started[0]!.at)).toEqual([0, 100, 200, 300]);
  });

  it("keeps serving other chats while one chat waits out its retry_after", async () => {
    const pacer = pacerWith();
    let floodAnswers = 1;
    const { prev, started } = telegram((_, chatId) =>
      chatId === 7 && floodAnswers-- > 0
        ? { ok: false, error_code: 429, description: "", parameters: { retry_after: 28 } }
        : okAnswer,
    );
    await send(pacer, prev, 7);
    const t0 = Date.now();

    const waiting = send(pacer, prev, 7);
    const others = [8, 9, 10].map((chat) => send(pacer, prev, chat));
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(others);
    const othersDoneAfter = Date.now() - t0;
    await vi.advanceTimersByTimeAsync(30_000);
    await waiting;

    expect(othersDoneAfter).toBeLessThan(1000);
    expect(started.at(-1)).toMatchObject({ chatId: 7 });
    expect(started.at(-1)!.at - t0).toBeGreaterThanOrEqual(28_000 - 1);
  });

  it("refuses at once, without calling Telegram, a send waiting over maxWaitSeconds", async () => {
    const pacer = pacerWith({ maxWaitSeconds: 30 });
    const { prev, started } = telegram(() => ({
      ok: false,
      error_code: 429,
      description: "",
      parameters: { retry_after: 3600 },
    }));
    await send(pacer, prev, 7);

    const refused = await send(pacer, prev, 7);

    expect(started).toHaveLength(1);
    expect(refused).toMatchObject({ ok: false, error_code: 429 });
    expect((refused as { parameters: { retry_after: number } }).parameters.retry_after).toBe(3600);
  });

  it("does not pace button answers or polling", async () => {
    const pacer = pacerWith({ globalPerSecond: 1 });
    const { prev, started } = telegram();
    await send(pacer, prev, 7);

    await pacer.transformer(prev, "answerCallbackQuery", { callback_query_id: "1" });
    await pacer.transformer(prev, "getUpdates", { offset: 0 });

    expect(started.map((s) => s.at - started[0]!.at)).toEqual([0, 0, 0]);
  });
});
