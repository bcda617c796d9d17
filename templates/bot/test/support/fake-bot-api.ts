/**
 * A fake Telegram Bot API server for tests and the offline demo.
 *
 * It listens on 127.0.0.1 (a free port), answers at Telegram's URL shape
 * `${apiRoot}/bot${token}/${method}`, and behaves like Telegram where it
 * matters for flood and shutdown behaviour:
 *
 * - `getUpdates` long-polls and honours `offset`, `limit` and `timeout`;
 *   updates stay until an `offset` confirms them, so a restarted bot sees
 *   unconfirmed updates again; a second poller makes the older request fail
 *   with 409.
 * - Sending methods are rate limited per chat and overall (token buckets),
 *   answering 429 with `retry_after`; a chat that keeps sending during its
 *   wait keeps getting 429 until the wait is over.
 * - Faults on demand: any error answer, a request that never answers, a
 *   connection reset.
 * - Every call is recorded with its timestamps, so in-flight counts and
 *   per-second rates can be derived afterwards.
 *
 * Implemented methods: getMe, getUpdates, deleteWebhook, sendMessage,
 * editMessageText, answerCallbackQuery. Others answer 404 like Telegram does.
 * Bodies may be JSON, `application/x-www-form-urlencoded` or a query string;
 * multipart uploads are not supported.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Chat, Message, Update, User, UserFromGetMe } from "grammy/types";

export interface RateLimit {
  /** Sustained rate, in sending calls per second. */
  perSecond: number;
  /** Calls that may arrive at once before the sustained rate applies (token bucket size). */
  burst: number;
}

export interface FakeBotApiOptions {
  /**
   * Limit on sending calls to one chat, or `false` for none. Default 1 per second with
   * bursts of 3: Telegram documents "about one message per second" per chat and lets
   * short bursts pass.
   */
  chatLimit?: RateLimit | false;
  /**
   * Limit on all sending calls together, or `false` for none. Default 30 per second with
   * bursts of 30, Telegram's documented overall limit. Telegram does not publish its
   * algorithm; token buckets are an assumption that matches the documented numbers.
   */
  globalLimit?: RateLimit | false;
  /**
   * Milliseconds every call except `getUpdates` waits before it is answered, to imitate the
   * network round trip to Telegram. Default 0.
   */
  latencyMs?: number;
  /**
   * The only token accepted; requests with another one get 401. Default: any token of
   * Telegram's `<digits>:<35 characters>` form.
   */
  token?: string;
}

/** One HTTP request the fake received. Times are milliseconds since the epoch. */
export interface ApiCall {
  /** Position in arrival order, from 1. */
  seq: number;
  method: string;
  params: Record<string, unknown>;
  /** `chat_id` of the call when it is numeric, else undefined. */
  chatId: number | undefined;
  startedAt: number;
  /** When the answer was written or the connection ended; undefined while open. */
  endedAt: number | undefined;
  /**
   * `open` while waiting, `answered` once a response was written, `reset` when the fake
   * dropped the connection on purpose, `abandoned` when the client went away first (a
   * hung request the client gave up on, an aborted long poll).
   */
  state: "open" | "answered" | "reset" | "abandoned";
  /** HTTP status of the answer, if one was written. */
  status: number | undefined;
  /** `error_code` of an error answer. */
  errorCode: number | undefined;
  /** `parameters.retry_after` of a 429 answer, in seconds. */
  retryAfter: number | undefined;
  /** `result` of a successful answer. */
  result: unknown;
}

/** What the fake does instead of the normal answer. */
export type Fault =
  /** Answer with Telegram's error shape and this HTTP status. */
  | { type: "error"; errorCode: number; description?: string; retryAfterSeconds?: number }
  /** Never answer; the request stays open until the client gives up or the fake closes. */
  | { type: "hang" }
  /** Destroy the connection without answering. */
  | { type: "reset" };

export interface FaultRule {
  /** Method the fault applies to; any method when omitted. */
  method?: string;
  /** Chat the fault applies to (matched on `chat_id`); any chat when omitted. */
  chatId?: number;
  /** How many matching calls get the fault. Default 1; `Infinity` for all of them. */
  times?: number;
  fault: Fault;
}

export interface FakeUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface SendTextOptions {
  /** Chat the message is written in. Default: the user's private chat. */
  chat?: Chat;
}

export interface PressButtonOptions {
  /**
   * Message carrying the button. Default: the newest bot message with a keyboard in the
   * user's private chat.
   */
  message?: Message;
}

export interface WaitOptions {
  /** Give up after this many milliseconds. Default 15,000. */
  timeoutMs?: number;
  /** Named in the error when the wait times out. */
  description?: string;
}

export interface FakeBotApiStats {
  /** Requests received, all methods. */
  calls: number;
  /** 429 answers given, all methods. */
  rateLimited: number;
  /** Requests other than `getUpdates` that are being processed now. */
  inFlight: number;
  /** Highest `inFlight` seen. */
  peakInFlight: number;
  /** TCP connections open now. */
  openSockets: number;
  /** Highest `openSockets` seen. */
  peakSockets: number;
}

export interface FakeBotApi {
  /** Pass as grammY's `client.apiRoot`, e.g. `http://127.0.0.1:40123`. */
  readonly apiRoot: string;
  /** The bot user `getMe` returns. */
  readonly botInfo: UserFromGetMe;
  /** Every call received so far, in arrival order. The array grows; do not modify it. */
  readonly calls: readonly ApiCall[];
  stats(): FakeBotApiStats;
  /** Queues a text message from `from`; commands get a `bot_command` entity. */
  sendText(from: FakeUser, text: string, options?: SendTextOptions): Update;
  /** Queues a callback query, as if `from` pressed an inline button carrying `data`. */
  pressButton(from: FakeUser, data: string, options?: PressButtonOptions): Update;
  /** Queues an update of any kind; the fake assigns its `update_id`. */
  pushUpdate(update: Omit<Update, "update_id">): Update;
  /** Updates not yet confirmed by an `offset`, oldest first. */
  unconfirmedUpdates(): readonly Update[];
  /**
   * Makes matching calls fail; rules are tried in the order they were added. An error or
   * reset for getUpdates also ends a long poll that is already waiting; a hang applies to
   * the next getUpdates call.
   */
  injectFault(rule: FaultRule): void;
  /** Removes all fault rules that are not used up. */
  clearFaults(): void;
  /** Calls of one method, optionally to one chat. */
  callsOf(method: string, chatId?: number): ApiCall[];
  /** Resolves once `condition` holds, checking every 10 ms; rejects after the timeout. */
  waitFor(condition: () => boolean, options?: WaitOptions): Promise<void>;
  /** Answers open long polls, drops all connections and stops listening. */
  close(): Promise<void>;
}

const TOKEN_SHAPE = /^(\d+):[A-Za-z0-9_-]{35}$/;
const SENDING_METHODS = new Set(["sendMessage", "editMessageText"]);
const MAX_MESSAGE_LENGTH = 4096;
const CALLBACK_ANSWER_DEADLINE_MS = 15_000;

const DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  409:
    "Conflict: terminated by other getUpdates request; " +
    "make sure that only one bot instance is running",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

class ApiFailure {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {}
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface Poll {
  offset: number;
  limit: number;
  call: ApiCall;
  res: ServerResponse;
  timer: NodeJS.Timeout | undefined;
}

interface PendingFault extends FaultRule {
  remaining: number;
}

/** Starts a fake Bot API on 127.0.0.1 and resolves once it listens. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const chatLimit =
    options.chatLimit === undefined ? { perSecond: 1, burst: 3 } : options.chatLimit;
  const globalLimit =
    options.globalLimit === undefined ? { perSecond: 30, burst: 30 } : options.globalLimit;
  const latencyMs = options.latencyMs ?? 0;

  const calls: ApiCall[] = [];
  const updates: Update[] = [];
  let nextUpdateId = 100_000;
  let nextCallbackId = 1;
  const messageIds = new Map<number, number>();
  const chats = new Map<number, Chat>();
  const botMessages: Message[] = [];
  const callbackPressedAt = new Map<string, number>();
  const faults: PendingFault[] = [];
  const chatBuckets = new Map<number, Bucket>();
  const globalBucket: Bucket = { tokens: globalLimit ? globalLimit.burst : 0, updatedAt: now() };
  const floodUntil = new Map<number, number>();
  let poll: Poll | undefined;
  let deliverySoon = false;
  const openResponses = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let peakSockets = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  let rateLimited = 0;
  let botInfo: UserFromGetMe | undefined;

  function now(): number {
    return Date.now();
  }

  function nextMessageId(chatId: number): number {
    const id = (messageIds.get(chatId) ?? 0) + 1;
    messageIds.set(chatId, id);
    return id;
  }

  function botUser(token: string): UserFromGetMe {
    botInfo ??= {
      id: Number(TOKEN_SHAPE.exec(token)?.[1] ?? 1),
      is_bot: true,
      first_name: "Fake Bot",
      username: "fake_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    return botInfo;
  }

  function refill(bucket: Bucket, limit: RateLimit, at: number): void {
    bucket.tokens = Math.min(
      limit.burst,
      bucket.tokens + ((at - bucket.updatedAt) / 1000) * limit.perSecond,
    );
    bucket.updatedAt = at;
  }

  function secondsUntilToken(bucket: Bucket, limit: RateLimit): number {
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  function checkRateLimits(chatId: number | undefined, at: number): void {
    if (chatId !== undefined) {
      const until = floodUntil.get(chatId) ?? 0;
      if (until > at) {
        throw tooManyRequests(Math.ceil((until - at) / 1000));
      }
    }

    let chatBucket: Bucket | undefined;
    if (chatLimit && chatId !== undefined) {
      chatBucket = chatBuckets.get(chatId) ?? { tokens: chatLimit.burst, updatedAt: at };
      chatBuckets.set(chatId, chatBucket);
      refill(chatBucket, chatLimit, at);
      if (chatBucket.tokens < 1) {
        const wait = secondsUntilToken(chatBucket, chatLimit);
        floodUntil.set(chatId, at + wait * 1000);
        throw tooManyRequests(wait);
      }
    }

    if (globalLimit) {
      refill(globalBucket, globalLimit, at);
      if (globalBucket.tokens < 1) {
        throw tooManyRequests(secondsUntilToken(globalBucket, globalLimit));
      }
      globalBucket.tokens -= 1;
    }
    if (chatBucket) chatBucket.tokens -= 1;
  }

  function tooManyRequests(seconds: number): ApiFailure {
    return new ApiFailure(429, `Too Many Requests: retry after ${seconds}`, seconds);
  }

  function takeFault(method: string, chatId: number | undefined): Fault | undefined {
    const index = faults.findIndex(
      (rule) =>
        (rule.method === undefined || rule.method === method) &&
        (rule.chatId === undefined || rule.chatId === chatId),
    );
    if (index === -1) return undefined;

    const rule = faults[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) faults.splice(index, 1);
    return rule.fault;
  }

  function faultFailure(fault: Extract<Fault, { type: "error" }>, chatId?: number): ApiFailure {
    const retryAfter = fault.retryAfterSeconds ?? (fault.errorCode === 429 ? 1 : undefined);
    if (fault.errorCode === 429 && chatId !== undefined && retryAfter !== undefined) {
      floodUntil.set(chatId, now() + retryAfter * 1000);
    }
    const description =
      fault.description ??
      (fault.errorCode === 429
        ? `Too Many Requests: retry after ${retryAfter}`
        : (DESCRIPTIONS[fault.errorCode] ?? "Error"));
    return new ApiFailure(fault.errorCode, description, retryAfter);
  }

  function answer(res: ServerResponse, call: ApiCall, outcome: unknown): void {
    if (call.state !== "open") return;

    let status = 200;
    let body: Record<string, unknown>;
    if (outcome instanceof ApiFailure) {
      status = outcome.errorCode;
      body = { ok: false, error_code: outcome.errorCode, description: outcome.description };
      if (outcome.retryAfter !== undefined) body.parameters = { retry_after: outcome.retryAfter };
      if (outcome.errorCode === 429) rateLimited += 1;
      call.errorCode = outcome.errorCode;
      call.retryAfter = outcome.retryAfter;
    } else {
      body = { ok: true, result: outcome };
      call.result = outcome;
    }

    call.state = "answered";
    call.status = status;
    call.endedAt = now();
    const json = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    res.end(json);
  }

  function deliverPoll(outcome?: unknown): void {
    if (poll === undefined) return;

    const { res, call, offset, limit, timer } = poll;
    poll = undefined;
    clearTimeout(timer);
    answer(res, call, outcome ?? updates.filter((u) => u.update_id >= offset).slice(0, limit));
  }

  function getUpdates(params: Record<string, unknown>, call: ApiCall, res: ServerResponse): void {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeoutSeconds = Math.max(0, Number(params.timeout ?? 0));

    if (offset > 0) {
      const firstKept = updates.findIndex((u) => u.update_id >= offset);
      updates.splice(0, firstKept === -1 ? updates.length : firstKept);
    }
    deliverPoll(new ApiFailure(409, DESCRIPTIONS[409]!));

    const ready = updates.filter((u) => u.update_id >= offset).slice(0, limit);
    if (ready.length > 0 || timeoutSeconds === 0) {
      answer(res, call, ready);
      return;
    }

    poll = { offset, limit, call, res, timer: undefined };
    poll.timer = setTimeout(() => deliverPoll(), timeoutSeconds * 1000);
    res.on("close", () => {
      if (poll?.call === call) {
        clearTimeout(poll.timer);
        poll = undefined;
      }
    });
  }

  function sendMessage(params: Record<string, unknown>, chatId: number | undefined): Message {
    const text = String(params.text ?? "");
    if (chatId === undefined) throw new ApiFailure(400, "Bad Request: chat not found");
    if (text.length === 0) throw new ApiFailure(400, "Bad Request: message text is empty");
    if (text.length > MAX_MESSAGE_LENGTH) {
      throw new ApiFailure(400, "Bad Request: message is too long");
    }

    const message = {
      message_id: nextMessageId(chatId),
      from: botInfo,
      chat: chatOf(chatId),
      date: Math.floor(now() / 1000),
      text,
      ...(params.reply_markup === undefined ? {} : { reply_markup: json(params.reply_markup) }),
    } as Message;
    botMessages.push(message);
    return message;
  }

  function editMessageText(params: Record<string, unknown>, chatId: number | undefined): Message {
    const messageId = Number(params.message_id);
    const message = botMessages.find((m) => m.chat.id === chatId && m.message_id === messageId) as
      (Message & { text?: string; edit_date?: number }) | undefined;
    if (message === undefined) throw new ApiFailure(400, "Bad Request: message to edit not found");
    const text = String(params.text ?? "");
    if (message.text === text && params.reply_markup === undefined) {
      throw new ApiFailure(400, "Bad Request: message is not modified");
    }

    message.text = text;
    message.edit_date = Math.floor(now() / 1000);
    if (params.reply_markup !== undefined) {
      Object.assign(message, { reply_markup: json(params.reply_markup) });
    }
    return message;
  }

  function answerCallbackQuery(params: Record<string, unknown>): true {
    const pressedAt = callbackPressedAt.get(String(params.callback_query_id));
    if (pressedAt === undefined || now() - pressedAt > CALLBACK_ANSWER_DEADLINE_MS) {
      throw new ApiFailure(
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
      );
    }
    return true;
  }

  function chatOf(chatId: number): Chat {
    return (
      chats.get(chatId) ??
      (chatId > 0
        ? { id: chatId, type: "private", first_name: `User ${chatId}` }
        : { id: chatId, type: "supergroup", title: `Group ${chatId}` })
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const params = await readParams(req, url);
    const chatId = typeof params.chat_id === "number" ? params.chat_id : numeric(params.chat_id);
    const call: ApiCall = {
      seq: calls.length + 1,
      method: match?.[2] ?? url.pathname,
      params,
      chatId,
      startedAt: now(),
      endedAt: undefined,
      state: "open",
      status: undefined,
      errorCode: undefined,
      retryAfter: undefined,
      result: undefined,
    };
    calls.push(call);
    openResponses.add(res);
    res.on("close", () => {
      openResponses.delete(res);
      if (call.state === "open") {
        call.state = "abandoned";
        call.endedAt = now();
      }
    });

    const counted = call.method !== "getUpdates";
    if (counted) {
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      res.on("close", () => (inFlight -= 1));
    }

    if (match === null) return answer(res, call, new ApiFailure(404, DESCRIPTIONS[404]!));
    const token = decodeURIComponent(match[1]!);
    if (options.token !== undefined ? token !== options.token : !TOKEN_SHAPE.test(token)) {
      return answer(res, call, new ApiFailure(401, DESCRIPTIONS[401]!));
    }
    botUser(token);

    const fault = takeFault(call.method, chatId);
    if (fault?.type === "hang") return;
    if (fault?.type === "reset") {
      call.state = "reset";
      call.endedAt = now();
      req.socket.destroy();
      return;
    }

    if (call.method === "getUpdates") {
      if (fault) return answer(res, call, faultFailure(fault));
      return getUpdates(params, call, res);
    }

    let outcome: unknown;
    try {
      if (fault) throw faultFailure(fault, chatId);
      if (SENDING_METHODS.has(call.method)) checkRateLimits(chatId, call.startedAt);
      outcome = dispatch(call.method, params, chatId);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      outcome = error;
    }

    if (latencyMs > 0) await delay(latencyMs);
    answer(res, call, outcome);
  }

  function dispatch(method: string, params: Record<string, unknown>, chatId?: number): unknown {
    switch (method) {
      case "getMe":
        return botInfo;
      case "deleteWebhook":
        return true;
      case "sendMessage":
        return sendMessage(params, chatId);
      case "editMessageText":
        return editMessageText(params, chatId);
      case "answerCallbackQuery":
        return answerCallbackQuery(params);
      default:
        throw new ApiFailure(404, DESCRIPTIONS[404]!);
    }
  }

  function pushUpdate(update: Omit<Update, "update_id">): Update {
    const full = { update_id: nextUpdateId++, ...update } as Update;
    updates.push(full);
    // Answering on the next turn of the event loop hands updates queued together to the
    // bot as one batch, as Telegram does with updates that arrive close together.
    if (!deliverySoon) {
      deliverySoon = true;
      setImmediate(() => {
        deliverySoon = false;
        if (poll !== undefined && updates.some((u) => u.update_id >= poll!.offset)) deliverPoll();
      });
    }
    return full;
  }

  function userOf(from: FakeUser): User {
    return { is_bot: false, first_name: `User ${from.id}`, language_code: "en", ...from };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    peakSockets = Math.max(peakSockets, sockets.size);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    get botInfo() {
      return botInfo ?? botUser(options.token ?? "1:" + "x".repeat(35));
    },
    calls,

    stats: () => ({
      calls: calls.length,
      rateLimited,
      inFlight,
      peakInFlight,
      openSockets: sockets.size,
      peakSockets,
    }),

    sendText(from, text, sendOptions = {}) {
      const user = userOf(from);
      const chat: Chat = sendOptions.chat ?? {
        id: user.id,
        type: "private",
        first_name: user.first_name,
        ...(user.username === undefined ? {} : { username: user.username }),
      };
      chats.set(chat.id, chat);
      const command = /^\/\w+(@\w+)?/.exec(text);
      return pushUpdate({
        message: {
          message_id: nextMessageId(chat.id),
          from: user,
          chat,
          date: Math.floor(now() / 1000),
          text,
          ...(command
            ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
            : {}),
        } as NonNullable<Update["message"]>,
      });
    },

    pressButton(from, data, pressOptions = {}) {
      const user = userOf(from);
      const message =
        pressOptions.message ??
        botMessages.findLast((m) => m.chat.id === user.id && m.reply_markup !== undefined) ??
        ({
          message_id: nextMessageId(user.id),
          from: botInfo,
          chat: chatOf(user.id),
          date: Math.floor(now() / 1000),
          text: "Buttons",
        } as Message);
      const id = String(nextCallbackId++);
      callbackPressedAt.set(id, now());
      return pushUpdate({
        callback_query: {
          id,
          from: user,
          message,
          chat_instance: String(message.chat.id),
          data,
        },
      });
    },

    pushUpdate,
    unconfirmedUpdates: () => updates.slice(),

    injectFault(rule) {
      faults.push({ ...rule, remaining: rule.times ?? 1 });
      // A pending long poll would otherwise see the fault only after its timeout.
      const hitsPendingPoll =
        poll !== undefined &&
        rule.fault.type !== "hang" &&
        (rule.method === undefined || rule.method === "getUpdates") &&
        rule.chatId === undefined;
      if (!hitsPendingPoll || poll === undefined) return;

      const fault = takeFault("getUpdates", undefined);
      if (fault?.type === "error") deliverPoll(faultFailure(fault));
      if (fault?.type === "reset") {
        poll.call.state = "reset";
        poll.call.endedAt = now();
        poll.res.socket?.destroy();
      }
    },

    clearFaults() {
      faults.length = 0;
    },

    callsOf: (method, chatId) =>
      calls.filter((c) => c.method === method && (chatId === undefined || c.chatId === chatId)),

    async waitFor(condition, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? 15_000;
      const giveUpAt = now() + timeoutMs;
      while (!condition()) {
        if (now() > giveUpAt) {
          const what = waitOptions.description ?? "a condition";
          throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await delay(10);
      }
    },

    async close() {
      deliverPoll([]);
      for (const res of openResponses) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (body.length === 0) return params;

  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    return { ...params, ...(JSON.parse(body) as Record<string, unknown>) };
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
  }
  return params;
}

function numeric(value: unknown): number | undefined {
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Form fields carry objects as JSON text. */
function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
