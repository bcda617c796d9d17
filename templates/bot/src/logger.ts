import { GrammyError, HttpError } from "grammy";
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

export interface LoggerOptions {
  level: LogLevel;
  /** Strings that must never appear in a log line, such as the bot token. */
  secrets: readonly string[];
  /** Where lines go. Default: standard output. */
  destination?: DestinationStream;
}

const REDACTED = "[redacted]";
// Anything shaped like a bot token, including one percent-encoded inside a URL.
const TOKEN_SHAPE = /\d{3,}(:|%3A)[A-Za-z0-9_-]{35}/gi;

/**
 * A pino logger writing one JSON object per line, each with a stable `event` name.
 * Secrets are removed from the finished line, so they cannot leak through a nested error,
 * a URL in a network error message or a field added later.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [secret, encodeURIComponent(secret)]);
  const redact = (line: string) =>
    secrets
      .reduce((out, secret) => out.replaceAll(secret, REDACTED), line)
      .replace(TOKEN_SHAPE, REDACTED);

  return pino(
    {
      level: options.level,
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: describeError },
      hooks: { streamWrite: redact },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

export interface ErrorDescription {
  type: string;
  message: string;
  method?: string;
  errorCode?: number;
  description?: string;
  retryAfterSeconds?: number;
  cause?: ErrorDescription;
  stack?: string;
}

/**
 * A compact, loggable form of an error. Telegram and network errors are expected events
 * and carry no stack; anything else is a bug, and its stack is kept.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof GrammyError) {
    return {
      type: "GrammyError",
      message: error.message,
      method: error.method,
      errorCode: error.error_code,
      description: error.description,
      ...(error.parameters.retry_after === undefined
        ? {}
        : { retryAfterSeconds: error.parameters.retry_after }),
    };
  }
  if (error instanceof HttpError) {
    const { stack: _stack, ...cause } = describeError(error.error);
    return { type: "HttpError", message: error.message, cause };
  }
  if (error instanceof Error) {
    return {
      type: error.name,
      message: error.message,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { type: typeof error, message: String(error) };
}
