import { Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { arrivedAtMs } from "../src/middleware/arrival.js";

const me = { id: 1, is_bot: true, first_name: "Bot", username: "bot" } as UserFromGetMe;
const user = { id: 7, is_bot: false, first_name: "U" };
const chat = { id: 7, type: "private" as const, first_name: "U" };

function contextFor(update: Omit<Update, "update_id">): Context {
  return new Context({ update_id: 1, ...update } as Update, {} as Api, me);
}

function messageSentAt(seconds: number, editSeconds?: number): Omit<Update, "update_id"> {
  const message = { message_id: 1, date: seconds, chat, from: user, text: "hi" };
  return editSeconds === undefined
    ? { message }
    : { edited_message: { ...message, edit_date: editSeconds } };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(1_000_000_500);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("arrivedAtMs", () => {
  it("is now for a message sent in the current second", () => {
    expect(arrivedAtMs(contextFor(messageSentAt(1_000_000)))).toBe(1_000_000_500);
  });

  it("is the end of the second it was sent in for a message that waited with Telegram", () => {
    expect(arrivedAtMs(contextFor(messageSentAt(999_995)))).toBe(999_995_999);
  });

  it("takes an edit's own time, not the original message's", () => {
    expect(arrivedAtMs(contextFor(messageSentAt(999_000, 999_997)))).toBe(999_997_999);
  });

  it("is unknown for a button press, which Telegram does not date", () => {
    const press = {
      callback_query: {
        id: "q",
        chat_instance: "1",
        from: user,
        data: "show-count",
        message: { message_id: 1, date: 999_000, chat, text: "Buttons" },
      },
    } as Omit<Update, "update_id">;

    expect(arrivedAtMs(contextFor(press))).toBeUndefined();
  });
});
