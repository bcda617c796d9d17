import type { DestinationStream } from "pino";
import { run } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";
import { GrammyError } from "grammy";
import { createAgent, createBot, POLL_TIMEOUT_SECONDS } from "./bot.js";
import type { Config } from "./config.js";
import { createFailureLog } from "./failure-log.js";
import { createLogger, describeError, type Logger } from "./logger.js";
import { createShutdown, type Shutdown } from "./shutdown.js";
import { openStore, type Store } from "./store.js";

/**
 * Most updates handled at once. Enough to keep the paced outgoing rate (28 a second)
 * busy even when each reply takes two seconds; beyond it, polling slows down instead of
 * piling up work (the runner's default is 500).
 */
export const CONCURRENCY = 64;

/**
 * After this many seconds an update stops counting against CONCURRENCY and is logged as
 * slow; its handler keeps running. Longer than one retry_after that is waited out
 * (MAX_RETRY_DELAY_SECONDS) plus the request around it, so a normal flood wait is not
 * reported as a hang.
 */
export const UPDATE_TIMEOUT_SECONDS = 60;

/** Pause between attempts when getUpdates fails (network down, Telegram 5xx), in ms. */
export const POLL_RETRY_INTERVAL_MS = 3000;

export interface StartOptions {
  /** Where log lines go. Default: standard output. */
  logDestination?: DestinationStream;
  /** Seconds between two `health` log lines. Default 60. */
  healthIntervalSeconds?: number;
  /**
   * Cancels the startup when aborted (a stop requested while Telegram has not answered
   * yet): logs `startup_aborted` with the abort reason, releases what was opened and
   * rejects. Default: none; once startBot resolves, stop through `shutdown` instead.
   */
  signal?: AbortSignal;
}

export interface BotStats {
  /** Updates being handled now. */
  inFlight: number;
  /** Highest `inFlight` since start. */
  peakInFlight: number;
  /** Updates let through by the throttle. */
  passed: number;
  /** Updates dropped by the throttle. */
  throttled: number;
  /** Redelivered updates skipped because they were handled before a restart. */
  duplicates: number;
  /** Updates whose handling ended in an error (logged as `update_failed`). */
  failedUpdates: number;
  /** Outgoing messages waiting for their turn under the flood limits. */
  waitingToSend: number;
  /** Requests to Telegram sent again after a failed attempt. */
  retries: number;
  /** 429 answers from Telegram. */
  rateLimited: number;
  /** Resident memory of the process, in MB. */
  rssMb: number;
}

export interface RunningBot {
  readonly bot: Bot<Context>;
  readonly logger: Logger;
  /** Drives stopping: `stop()` drains, `forceStop()` gives up at once; both are idempotent. */
  readonly shutdown: Shutdown;
  /** Resolves with the exit code once the bot has stopped, whatever stopped it. */
  readonly finished: Promise<number>;
  stats(): BotStats;
}

/**
 * Starts the bot: logger, database, HTTP connections, bot, long polling (through
 * @grammyjs/runner), health line. Resolves once Telegram accepted the token and polling
 * runs. A 401 or 409 from polling stops the bot (exit code 1).
 *
 * Throws, after logging `startup_failed` and releasing what it opened, if the database
 * cannot be opened or Telegram refuses `getMe` or `deleteWebhook`; after logging
 * `startup_aborted`, if `options.signal` aborts first.
 */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.botToken],
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  const failures = createFailureLog(logger);
  let stopping = false;

  let store: Store;
  try {
    store = openStore(config.databasePath);
  } catch (error) {
    logger.fatal({
      event: "startup_failed",
      step: "database",
      databasePath: config.databasePath,
      error: describeError(error),
      hint: "DATABASE_PATH must name this bot's SQLite file, or a file that does not exist yet",
    });
    throw error;
  }
  store.pruneHandledUpdates();
  const agent = createAgent(config.telegramApiRoot ?? "https://api.telegram.org");
  const parts = createBot({ config, store, failures, agent, isStopping: () => stopping });
  const { bot, inFlight, throttle } = parts;

  // grammY's Node types name the abort-controller package's AbortSignal; Node's own is
  // what grammY's fetch receives at run time.
  const signal = options.signal as Parameters<Bot["init"]>[0];
  try {
    await bot.init(signal);
    // Polling and a webhook exclude each other; like grammY's own bot.start(), polling wins.
    await bot.api.deleteWebhook(undefined, signal);
  } catch (error) {
    if (options.signal?.aborted) {
      logger.info({ event: "startup_aborted", reason: String(options.signal.reason) });
    } else {
      logger.fatal({
        event: "startup_failed",
        step: "telegram",
        error: describeError(error),
        hint: hintFor(error),
      });
    }
    agent.destroy();
    store.close();
    throw error;
  }

  const runner = run(bot, {
    runner: {
      fetch: { timeout: POLL_TIMEOUT_SECONDS },
      retryInterval: POLL_RETRY_INTERVAL_MS,
      // The runner prints whole error objects to the console; failures are logged, once
      // and without secrets, by the API observer instead.
      silent: true,
    },
    sink: {
      concurrency: CONCURRENCY,
      timeout: {
        milliseconds: UPDATE_TIMEOUT_SECONDS * 1000,
        handler: (update) =>
          failures.report("update_slow", {
            event: "update_slow",
            updateId: update.update_id,
            seconds: UPDATE_TIMEOUT_SECONDS,
          }),
      },
    },
  });

  const pruneTimer = setInterval(() => store.pruneHandledUpdates(), 60 * 60 * 1000).unref();
  const healthTimer = setInterval(
    () => logger.info({ event: "health", ...stats() }),
    (options.healthIntervalSeconds ?? 60) * 1000,
  ).unref();

  const shutdown = createShutdown({
    deadlineSeconds: config.shutdownDeadlineSeconds,
    logger,
    stopIntake: () => {
      stopping = true;
      runner.stop()?.catch(() => undefined);
    },
    drained: () => inFlight.drained(),
    inFlight: () => inFlight.list(),
    close: () => {
      logger.info({ event: "health", final: true, ...stats() });
      clearInterval(pruneTimer);
      clearInterval(healthTimer);
      agent.destroy();
      store.close();
    },
  });

  // The runner retries failed polls by itself; it gives up only on 401 (token revoked),
  // 409 (another instance polls) or after 15 hours of failures in a row.
  runner.task()?.catch((error: unknown) => {
    logger.fatal({ event: "polling_stopped", error: describeError(error), hint: hintFor(error) });
    void shutdown.stop("polling_stopped", 1);
  });

  function stats(): BotStats {
    const throttleStats = throttle.stats();
    const apiStats = parts.api.stats();
    return {
      inFlight: inFlight.size(),
      peakInFlight: inFlight.peak(),
      passed: throttleStats.passed,
      throttled: throttleStats.throttled,
      duplicates: parts.skipHandled.duplicates(),
      failedUpdates: parts.failedUpdates(),
      waitingToSend: parts.pacer.waiting(),
      retries: apiStats.retries,
      rateLimited: apiStats.rateLimited,
      rssMb: Math.round(process.memoryUsage.rss() / 1_048_576),
    };
  }

  logger.info({
    event: "bot_started",
    username: bot.botInfo.username,
    apiRoot: config.telegramApiRoot ?? "https://api.telegram.org",
    throttleWindowMs: config.throttleWindowMs,
    concurrency: CONCURRENCY,
  });

  return { bot, logger, shutdown, finished: shutdown.finished, stats };
}

function hintFor(error: unknown): string | undefined {
  if (!(error instanceof GrammyError)) return undefined;
  if (error.error_code === 401) return "Telegram rejected BOT_TOKEN; check it with @BotFather";
  if (error.error_code === 409) {
    return (
      "another process polls updates with this token; " +
      "stop it, or revoke the token if none should run"
    );
  }
  return undefined;
}
