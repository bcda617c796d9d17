import type { ApiCall, FakeBotApi } from "../../../templates/bot/test/support/fake-bot-api.js";

export interface FloodEscalation {
  /** Times a chat's flood wait was lengthened. */
  count(): number;
  stop(): void;
}

export interface FloodEscalationOptions {
  /** Longest flood wait handed out, in seconds. Default 30, near the incident's 28 s. */
  maxSeconds?: number;
  /** How often the fake's call records are read, in ms. Default 10. */
  checkEveryMs?: number;
}

const SENDING = new Set(["sendMessage", "editMessageText"]);
// A send this close to the end of a wait is a timer firing early, not a violation.
const TOLERANCE_MS = 100;

/**
 * Telegram lengthens the flood wait of a chat that keeps sending during it; the fake does
 * not, so its waits stay at 1-3 s. This watches the fake's call records and, when a send
 * reaches a chat that is still inside a wait Telegram announced, makes the next send to that
 * chat get a 429 with twice the last retry_after (at most `maxSeconds`), through the fake's
 * fault injection. A client that respects retry_after never triggers it.
 *
 * The doubling rule is this reproduction's assumption: Telegram does not publish its rule.
 */
export function escalateFloodWaits(
  fake: FakeBotApi,
  options: FloodEscalationOptions = {},
): FloodEscalation {
  const maxSeconds = options.maxSeconds ?? 30;
  const waitUntil = new Map<number, number>();
  const lastWaitSeconds = new Map<number, number>();
  const pending = new Map<number, number>();
  let read = 0;
  let escalations = 0;

  function inspect(call: ApiCall): void {
    const chatId = call.chatId;
    if (!SENDING.has(call.method) || chatId === undefined) return;

    if (call.retryAfter !== undefined && pending.get(chatId) === call.retryAfter) {
      pending.delete(chatId);
    }
    const violated = call.startedAt < (waitUntil.get(chatId) ?? 0) - TOLERANCE_MS;
    if (violated && !pending.has(chatId)) {
      const seconds = Math.min(maxSeconds, 2 * (lastWaitSeconds.get(chatId) ?? 1));
      fake.injectFault({
        method: call.method,
        chatId,
        fault: { type: "error", errorCode: 429, retryAfterSeconds: seconds },
      });
      pending.set(chatId, seconds);
      escalations += 1;
    }
    if (call.errorCode === 429 && call.retryAfter !== undefined) {
      lastWaitSeconds.set(chatId, call.retryAfter);
      const until = call.startedAt + call.retryAfter * 1000;
      waitUntil.set(chatId, Math.max(waitUntil.get(chatId) ?? 0, until));
    }
  }

  const timer = setInterval(() => {
    // Sends are read in arrival order, each once it has its answer; a long poll may stay
    // open for many seconds and is not waited for.
    while (read < fake.calls.length) {
      const call = fake.calls[read]!;
      if (SENDING.has(call.method) && call.state === "open") break;
      inspect(call);
      read += 1;
    }
  }, options.checkEveryMs ?? 10);

  return { count: () => escalations, stop: () => clearInterval(timer) };
}
