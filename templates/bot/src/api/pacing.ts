import type { Transformer } from "grammy";

export interface PacingOptions {
  /**
   * Minimum gap between two sends to one private chat, in ms, counted from the end of
   * the previous send. Default 1050: Telegram allows about one message per second in a
   * chat; the extra 50 ms covers timers firing a little early.
   */
  chatIntervalMs?: number;
  /**
   * The same for groups, supergroups and channels (negative or `@name` chat ids), in ms.
   * Default 3000: Telegram allows a group at most 20 messages a minute.
   */
  groupIntervalMs?: number;
  /**
   * Most sends started per second over all chats. Default 28: Telegram allows about 30
   * a second in total; 28 keeps 2 a second of headroom for delivery jitter while using
   * over 90% of the allowance.
   */
  globalPerSecond?: number;
  /**
   * After a 429, a chat's sends wait out its `retry_after`. A wait longer than this, in
   * seconds, is not waited: the send fails at once with Telegram's 429, so a chat in a
   * flood wait of hours does not hold a handler. Default 30; keep it equal to auto-retry's
   * `maxDelaySeconds`.
   */
  maxWaitSeconds?: number;
}

export interface Pacer {
  /** Install before auto-retry, so every attempt, retries included, is paced. */
  transformer: Transformer;
  /** Sends waiting for their turn now. */
  waiting(): number;
}

/** grammY's signal type (an AbortSignal shim on Node). */
type Signal = Parameters<Transformer>[3];

interface ChatLane {
  /** Settles when the send ahead in this chat is done. */
  tail: Promise<void>;
  /** Sends queued or running in this chat. */
  queued: number;
  /** Earliest start of the next send, ms since epoch. */
  nextAt: number;
  /** End of a flood wait Telegram imposed on this chat, ms since epoch. */
  floodUntil: number;
}

// Methods that put a message in a chat, and so count against Telegram's flood limits.
// answerCallbackQuery is not limited, and getUpdates must never wait behind replies.
const PACED_METHOD = /^(send|forward|copy|edit)/;
const LANES_BEFORE_SWEEP = 1000;

/**
 * An API transformer that keeps outgoing messages under Telegram's flood limits instead
 * of running into 429s: sends to one chat go one at a time, spaced by the chat interval;
 * sends overall are spaced evenly at `globalPerSecond`. A chat waiting out a retry_after
 * waits in its own lane, so the other chats keep being served.
 *
 * Limitation: one process only; two instances with the same token each send at the
 * full global rate.
 */
export function createPacer(options: PacingOptions = {}): Pacer {
  const chatIntervalMs = options.chatIntervalMs ?? 1050;
  const groupIntervalMs = options.groupIntervalMs ?? 3000;
  const globalIntervalMs = 1000 / (options.globalPerSecond ?? 28);
  const maxWaitMs = (options.maxWaitSeconds ?? 30) * 1000;
  const lanes = new Map<string, ChatLane>();
  let globalNextAt = 0;
  let waiting = 0;

  function laneOf(chat: string): ChatLane {
    let lane = lanes.get(chat);
    if (lane === undefined) {
      if (lanes.size >= LANES_BEFORE_SWEEP) sweepIdleLanes();
      lane = { tail: Promise.resolve(), queued: 0, nextAt: 0, floodUntil: 0 };
      lanes.set(chat, lane);
    }
    return lane;
  }

  function sweepIdleLanes(): void {
    const now = Date.now();
    for (const [chat, lane] of lanes) {
      if (lane.queued === 0 && lane.nextAt <= now && lane.floodUntil <= now) lanes.delete(chat);
    }
  }

  // Slots are handed out in order and spaced evenly, so sends never bunch up.
  async function globalSlot(signal?: Signal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, globalNextAt);
    globalNextAt = at + globalIntervalMs;
    await sleep(at - now, signal);
  }

  // Resolves with a refusal when the chat's flood wait is too long to wait out.
  async function waitForTurn(lane: ChatLane | undefined, ahead: Promise<void>, signal?: Signal) {
    waiting += 1;
    try {
      await ahead;
      if (lane !== undefined) {
        const floodLeftMs = lane.floodUntil - Date.now();
        if (floodLeftMs > maxWaitMs) return floodWait(Math.ceil(floodLeftMs / 1000));
        await sleep(Math.max(lane.nextAt, lane.floodUntil) - Date.now(), signal);
      }
      await globalSlot(signal);
      return undefined;
    } finally {
      waiting -= 1;
    }
  }

  const transformer: Transformer = async (prev, method, payload, signal) => {
    if (!PACED_METHOD.test(method)) return prev(method, payload, signal);

    const chat = chatKey(payload);
    const lane = chat === undefined ? undefined : laneOf(chat);
    const ahead = lane?.tail ?? Promise.resolve();
    let release = () => {};
    if (lane !== undefined) {
      lane.queued += 1;
      lane.tail = new Promise((resolve) => (release = resolve));
    }

    try {
      const refusal = await waitForTurn(lane, ahead, signal);
      if (refusal !== undefined) return refusal;

      const result = await prev(method, payload, signal);
      if (lane !== undefined && !result.ok && result.parameters?.retry_after !== undefined) {
        lane.floodUntil = Date.now() + result.parameters.retry_after * 1000;
      }
      return result;
    } finally {
      if (lane !== undefined && chat !== undefined) {
        lane.nextAt = Date.now() + (isGroup(chat) ? groupIntervalMs : chatIntervalMs);
        lane.queued -= 1;
      }
      release();
    }
  };

  return { transformer, waiting: () => waiting };
}

function chatKey(payload: unknown): string | undefined {
  const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  return typeof chatId === "number" || typeof chatId === "string" ? String(chatId) : undefined;
}

function isGroup(chat: string): boolean {
  return chat.startsWith("-") || chat.startsWith("@");
}

/** Telegram's own answer shape, so auto-retry and handlers treat it like a real 429. */
function floodWait(retryAfterSeconds: number) {
  return {
    ok: false as const,
    error_code: 429,
    description:
      `Too Many Requests: retry after ${retryAfterSeconds} ` +
      `(not sent: the chat is still in a flood wait)`,
    parameters: { retry_after: retryAfterSeconds },
  };
}

function sleep(ms: number, signal?: Signal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();

  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("Request aborted while waiting to be sent"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error("Request aborted while waiting to be sent"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
