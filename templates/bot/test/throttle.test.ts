import { Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createThrottle } from "../src/middleware/throttle.js";

const me = { id: 1, is_bot: true, first_name: "Bot", username: "bot" } as UserFromGetMe;

function fakeApi() {
  return { answerCallbackQuery: vi.fn(async () => true) };
}

function contextFor(update: Omit<Update, "update_id">, api: object = fakeApi()) {
  return new Context({ update_id: 1, ...update } as Update, api as unknown as Api, me);
}

function message(userId: number, text = "hi"): Omit<Update, "update_id"> {
  return {
    message: {
      message_id: 1,
      date: 0,
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U" },
      text,
    },
  };
}

function buttonPress(userId: number): Omit<Update, "update_id"> {
  return {
    callback_query: {
      id: `q${userId}`,
      chat_instance: "1",
      from: { id: userId, is_bot: false, first_name: "U" },
      data: "show-count",
    },
  };
}

function handler() {
  return vi.fn(async () => "handled" as unknown as void);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("throttle", () => {
  it("lets a user's first update through and returns the next handler's result", async () => {
    const throttle = createThrottle();
    const next = handler();

    const result = await throttle.middleware(contextFor(message(7)), next);

    expect(result).toBe("handled");
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("drops a second update within the window: nothing returned, handler ran once", async () => {
    const throttle = createThrottle({ windowMs: 1000 });
    const next = handler();
    await throttle.middleware(contextFor(message(7)), next);
    vi.advanceTimersByTime(999);

    const result = await throttle.middleware(contextFor(message(7)), next);

    expect(result).toBeUndefined();
    expect(next).toHaveBeenCalledTimes(1);
    expect(throttle.stats()).toMatchObject({ passed: 1, throttled: 1 });
  });

  it("lets the user through again once the window has passed", async () => {
    const throttle = createThrottle({ windowMs: 1000 });
    const next = handler();
    await throttle.middleware(contextFor(message(7)), next);
    vi.advanceTimersByTime(1000);

    const result = await throttle.middleware(contextFor(message(7)), next);

    expect(result).toBe("handled");
    expect(next).toHaveBeenCalledTimes(2);
  });

  it("judges by arrival: drops an update from within the window that reaches it late", async () => {
    const arrivals = new Map<Context, number>();
    const throttle = createThrottle({ windowMs: 1000, arrivedAtMs: (ctx) => arrivals.get(ctx) });
    const next = handler();
    const first = contextFor(message(7));
    const second = contextFor(message(7));
    arrivals.set(first, Date.now());
    arrivals.set(second, Date.now() + 300);
    await throttle.middleware(first, next);
    vi.advanceTimersByTime(5000);

    const result = await throttle.middleware(second, next);

    expect(result).toBeUndefined();
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("judges by when the update reaches it when the arrival is not known", async () => {
    const throttle = createThrottle({ windowMs: 1000, arrivedAtMs: () => undefined });
    const next = handler();
    await throttle.middleware(contextFor(message(7)), next);
    vi.advanceTimersByTime(1000);

    await throttle.middleware(contextFor(message(7)), next);

    expect(next).toHaveBeenCalledTimes(2);
  });

  it("counts the window from the last update let through, not from dropped ones", async () => {
    const throttle = createThrottle({ windowMs: 1000 });
    const next = handler();
    await throttle.middleware(contextFor(message(7)), next);
    vi.advanceTimersByTime(600);
    await throttle.middleware(contextFor(message(7)), next);
    vi.advanceTimersByTime(400);

    await throttle.middleware(contextFor(message(7)), next);

    expect(next).toHaveBeenCalledTimes(2);
  });

  it("keeps users independent", async () => {
    const throttle = createThrottle();
    const next = handler();

    await throttle.middleware(contextFor(message(7)), next);
    await throttle.middleware(contextFor(message(8)), next);
    await throttle.middleware(contextFor(message(7)), next);

    expect(next).toHaveBeenCalledTimes(2);
    expect(throttle.stats()).toMatchObject({ passed: 2, throttled: 1 });
  });

  it("answers a dropped button press, so the button stops spinning", async () => {
    const throttle = createThrottle({ callbackAnswerText: "Slow down" });
    const next = handler();
    const api = fakeApi();
    await throttle.middleware(contextFor(buttonPress(7)), next);

    await throttle.middleware(contextFor(buttonPress(7), api), next);

    expect(next).toHaveBeenCalledTimes(1);
    expect(api.answerCallbackQuery).toHaveBeenCalledWith("q7", { text: "Slow down" }, undefined);
  });

  it("still drops the update when answering the button press fails", async () => {
    const throttle = createThrottle();
    const next = handler();
    const api = { answerCallbackQuery: vi.fn(async () => Promise.reject(new Error("down"))) };
    await throttle.middleware(contextFor(buttonPress(7)), next);

    const result = await throttle.middleware(contextFor(buttonPress(7), api), next);

    expect(result).toBeUndefined();
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("covers every update kind of a user, not only messages", async () => {
    const throttle = createThrottle();
    const next = handler();
    const from = { id: 7, is_bot: false, first_name: "U" };
    const edited = {
      edited_message: { ...message(7).message!, edit_date: 1 },
    } as Omit<Update, "update_id">;
    const inline = { inline_query: { id: "i", from, query: "x", offset: "" } };

    await throttle.middleware(contextFor(message(7)), next);
    await throttle.middleware(contextFor(edited), next);
    await throttle.middleware(contextFor(inline), next);
    await throttle.middleware(contextFor(buttonPress(7)), next);

    expect(next).toHaveBeenCalledTimes(1);
    expect(throttle.stats().throttled).toBe(3);
  });

  it("keys updates without a sender by their chat", async () => {
    const throttle = createThrottle();
    const next = handler();
    const post = (id: number) => ({
      channel_post: {
        message_id: id,
        date: 0,
        chat: { id: -100, type: "channel" as const, title: "News" },
        text: "post",
      },
    });

    await throttle.middleware(contextFor(post(1)), next);
    await throttle.middleware(contextFor(post(2)), next);

    expect(next).toHaveBeenCalledTimes(1);
  });

  it("calls onThrottled with each dropped update", async () => {
    const onThrottled = vi.fn();
    const throttle = createThrottle({ onThrottled });
    const next = handler();
    await throttle.middleware(contextFor(message(7)), next);
    const dropped = contextFor(message(7));

    await throttle.middleware(dropped, next);

    expect(onThrottled).toHaveBeenCalledExactlyOnceWith(dropped);
  });

  it("remembers at most maxUsers users: 10,001 users leave 10,000 entries", async () => {
    const throttle = createThrottle({ maxUsers: 10_000 });
    const next = handler();

    for (let user = 1; user <= 10_001; user++) {
      await throttle.middleware(contextFor(message(user)), next);
    }

    expect(throttle.stats()).toMatchObject({ trackedUsers: 10_000, passed: 10_001 });
  });
});
