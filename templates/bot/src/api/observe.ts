import type { Transformer } from "grammy";
import type { FailureLog } from "../failure-log.js";
import { describeError } from "../logger.js";

export interface ApiStats {
  /** Requests sent again for a call already tried once (auto-retry, polling retries). */
  retries: number;
  /** 429 answers received from Telegram. */
  rateLimited: number;
  /** 5xx answers received from Telegram. */
  serverErrors: number;
  /** Requests that got no answer: connection refused or reset, client timeout. */
  networkErrors: number;
}

export interface ApiObserver {
  /** Install first (innermost), so it sees each HTTP request, retries included. */
  transformer: Transformer;
  stats(): ApiStats;
}

/**
 * Counts what Telegram answers and logs the first of each kind of transient failure with
 * its cause. Errors a handler sees are logged where they surface; this logs the attempts
 * that auto-retry or polling retry on their own, which would otherwise leave no trace.
 */
export function createApiObserver(failures: FailureLog): ApiObserver {
  // auto-retry and the runner send the same payload object again when they retry.
  const attempted = new WeakSet<object>();
  const stats: ApiStats = { retries: 0, rateLimited: 0, serverErrors: 0, networkErrors: 0 };

  const transformer: Transformer = async (prev, method, payload, signal) => {
    if (typeof payload === "object" && payload !== null) {
      if (attempted.has(payload)) stats.retries += 1;
      else attempted.add(payload);
    }
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;

    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && result.error_code === 429) {
        stats.rateLimited += 1;
        failures.report(`rate_limited:${method}`, {
          event: "rate_limited",
          method,
          chatId,
          retryAfterSeconds: result.parameters?.retry_after,
          description: result.description,
        });
      } else if (!result.ok && result.error_code >= 500) {
        stats.serverErrors += 1;
        failures.report(`telegram_server_error:${method}`, {
          event: "telegram_server_error",
          method,
          errorCode: result.error_code,
          description: result.description,
        });
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) {
        stats.networkErrors += 1;
        failures.report(`telegram_unreachable:${method}`, {
          event: "telegram_unreachable",
          method,
          error: describeError(error),
        });
      }
      throw error;
    }
  };

  return { transformer, stats: () => ({ ...stats }) };
}
