import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotError, type Context } from "grammy";
import { createApiObserver, type ApiObserver } from "./api/observe.js";
import { createPacer, type Pacer } from "./api/pacing.js";
import type { Config } from "./config.js";
import type { FailureLog } from "./failure-log.js";
import { countButtonFeature } from "./features/count-button.js";
import { countMessagesFeature } from "./features/count-messages.js";
import { helpFeature } from "./features/help.js";
import { startFeature } from "./features/start.js";
import { describeError } from "./logger.js";
import { arrivedAtMs } from "./middleware/arrival.js";
import { createInFlight, type InFlight } from "./middleware/in-flight.js";
import { createSkipHandled, type SkipHandled } from "./middleware/skip-handled.js";
import { createThrottle, type Throttle } from "./middleware/throttle.js";
import type { Store } from "./store.js";

/**
 * How long one request to Telegram may take before it is abandoned, in seconds. grammY's
 * default is 500, so one request that never answers could stall polling for over eight
 * minutes. It must exceed POLL_TIMEOUT_SECONDS, which getUpdates spends waiting on purpose.
 */
export const REQUEST_TIMEOUT_SECONDS = 30;

/** How long one getUpdates call waits for updates to arrive (long polling), in seconds. */
export const POLL_TIMEOUT_SECONDS = 20;

/**
 * A 429 or 5xx answer is retried at most this many times. Three retries ride out a flood
 * wait or a short Telegram hiccup (5xx retries back off 3, 6, then 12 s); a failure after
 * that means the problem is not short, and the call fails.
 */
export const MAX_RETRY_ATTEMPTS = 3;

/**
 * The longest retry_after that is waited out, in seconds. Telegram's usual short flood
 * waits (a few seconds up to about half a minute) are waited for, and the reply still
 * arrives; longer ones (values of hours are seen) fail the call at once with one log line
 * instead of holding a handler, a socket and the chat's later updates for that long.
 */
export const MAX_RETRY_DELAY_SECONDS = 30;

/**
 * Most open connections to the Bot API, idle ones and the long poll for getUpdates
 * included. Paced sending starts at most 28 requests a second; at 40 ms an answer that
 * keeps one or two connections busy, so three beside the long poll carry the full rate
 * with room for button answers, and a Telegram that stops answering holds at most four.
 *
 * Limitation: three connections carry at most 3 / (answer time) requests a second, so a
 * Bot API slower than about 100 ms an answer keeps sending below 28 a second.
 */
export const MAX_SOCKETS = 4;

export interface BotDependencies {
  config: Config;
  store: Store;
  failures: FailureLog;
  /** Carries every request to the Bot API; destroy it on shutdown to close its connections. */
  agent: HttpAgent;
  /** True once shutdown began; updates arriving after that are left for the next run. */
  isStopping: () => boolean;
}

export interface BotParts {
  bot: Bot<Context>;
  inFlight: InFlight;
  throttle: Throttle<Context>;
  skipHandled: SkipHandled;
  pacer: Pacer;
  api: ApiObserver;
  /** Updates whose handling ended in an error. */
  failedUpdates(): number;
}

/** A keep-alive agent matching the protocol of the Bot API root. */
export function createAgent(apiRoot: string): HttpAgent {
  // An idle connection is kept rather than closed, so the next send needs no new handshake.
  const options = { keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS };
  return apiRoot.startsWith("http:") ? new HttpAgent(options) : new HttpsAgent(options);
}

/**
 * Builds the bot: the outgoing request stack (observe, pace, retry) and the update chain
 * (in-flight tracking, error boundary, de-duplication, throttle, per-chat ordering,
 * features). Nothing is fetched yet.
 */
export function createBot(deps: BotDependencies): BotParts {
  const { config, store, failures, agent } = deps;
  const bot = new Bot<Context>(config.botToken, {
    client: {
      ...(config.telegramApiRoot === undefined ? {} : { apiRoot: config.telegramApiRoot }),
      timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
      baseFetchConfig: { agent, compress: true },
    },
  });

  const api = createApiObserver(failures);
  const pacer = createPacer({ maxWaitSeconds: MAX_RETRY_DELAY_SECONDS });
  // The first transformer installed is the innermost: observe sees every HTTP attempt,
  // the pacer spaces every attempt, and auto-retry repeats the paced call.
  bot.api.config.use(
    api.transformer,
    pacer.transformer,
    autoRetry({
      maxRetryAttempts: MAX_RETRY_ATTEMPTS,
      maxDelaySeconds: MAX_RETRY_DELAY_SECONDS,
      // auto-retry repeats network errors without any limit; the request timeout already
      // bounds a hung request, and polling retries getUpdates on its own.
      rethrowHttpErrors: true,
    }),
  );

  let failedUpdates = 0;
  const reportFailure = (error: BotError<Context>) => {
    failedUpdates += 1;
    const cause = describeError(error.error);
    // One key per kind of failure: numbers (ids, seconds) vary within a cascade, and a
    // 429 is the same flood wait whether Telegram or the pacer refused the send.
    const detail = cause.errorCode === 429 ? "" : (cause.description ?? cause.message);
    const kind = `${cause.method ?? cause.type}:${cause.errorCode ?? ""}:${detail}`;
    failures.report(
      `update_failed:${kind.replace(/\d+/g, "#")}`,
      {
        event: "update_failed",
        updateId: error.ctx.update.update_id,
        chatId: error.ctx.chat?.id,
        userId: error.ctx.from?.id,
        error: cause,
      },
      "error",
    );
  };
  bot.catch(reportFailure);

  const inFlight = createInFlight();
  const skipHandled = createSkipHandled(store, deps.isStopping);
  const throttle = createThrottle<Context>({
    windowMs: config.throttleWindowMs,
    maxUsers: config.throttleMaxUsers,
    arrivedAtMs,
  });

  bot.use(inFlight.middleware);
  const guarded = bot.errorBoundary(reportFailure);
  guarded.use(skipHandled.middleware);
  guarded.use(throttle.middleware);
  guarded.use(sequentialize((ctx: Context) => (ctx.chat ?? ctx.from)?.id.toString()));
  guarded.use(
    startFeature(),
    helpFeature(),
    countMessagesFeature(store),
    countButtonFeature(store),
  );

  return {
    bot,
    inFlight,
    throttle,
    skipHandled,
    pacer,
    api,
    failedUpdates: () => failedUpdates,
  };
}
