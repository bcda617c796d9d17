import { existsSync } from "node:fs";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export interface Config {
  /** BOT_TOKEN: the token from @BotFather. Never logged. */
  botToken: string;
  /** THROTTLE_WINDOW_MS: a user's updates closer together than this are dropped. Default 1000. */
  throttleWindowMs: number;
  /** THROTTLE_MAX_USERS: most users the throttle remembers at once. Default 10,000. */
  throttleMaxUsers: number;
  /** DATABASE_PATH: SQLite file; its folder is created. Default `./data/bot.sqlite`. */
  databasePath: string;
  /** SHUTDOWN_DEADLINE_SECONDS: time in-flight updates get to finish on stop. Default 10. */
  shutdownDeadlineSeconds: number;
  /** LOG_LEVEL: pino level. Default `info`. */
  logLevel: LogLevel;
  /** TELEGRAM_API_ROOT: another Bot API server, e.g. a local one. Default Telegram's. */
  telegramApiRoot: string | undefined;
}

/** A missing or malformed setting. The message is one line meant for the person running the bot. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const TOKEN_FORM = /^\d+:[A-Za-z0-9_-]{35}$/;
const LOG_LEVELS: readonly LogLevel[] = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
];

/**
 * Reads the settings from `env`, after filling in variables that are unset there from the
 * `.env` file in the working directory, if one exists. Throws ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Config {
  if (env === process.env && existsSync(envFile)) {
    try {
      process.loadEnvFile(envFile);
    } catch (error) {
      throw new ConfigError(`Cannot read ${envFile}: ${(error as Error).message}`);
    }
  }
  return parseConfig(env);
}

/** Validates settings given as environment variables. Throws ConfigError. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === "" ? undefined : raw;
  };

  const botToken = value("BOT_TOKEN");
  if (botToken === undefined) {
    throw new ConfigError(
      "BOT_TOKEN is not set: put the token from @BotFather (<digits>:<35 characters>) in the environment or in .env",
    );
  }
  if (!TOKEN_FORM.test(botToken)) {
    // The value is never echoed: a near-miss token is still a secret.
    throw new ConfigError(
      "BOT_TOKEN is malformed: expected the token from @BotFather, <digits>:<35 letters, digits, _ or ->",
    );
  }

  const logLevel = value("LOG_LEVEL") ?? "info";
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);
  }

  const telegramApiRoot = value("TELEGRAM_API_ROOT");
  if (telegramApiRoot !== undefined && !/^https?:\/\/[^/\s]+(\/\S*[^/])?$/.test(telegramApiRoot)) {
    throw new ConfigError(
      `TELEGRAM_API_ROOT must be an http(s) URL without a trailing slash, like http://127.0.0.1:8081 (got "${telegramApiRoot}")`,
    );
  }

  return {
    botToken,
    throttleWindowMs: integer(value, "THROTTLE_WINDOW_MS", 1000, 1, 3_600_000, "milliseconds"),
    throttleMaxUsers: integer(value, "THROTTLE_MAX_USERS", 10_000, 1, 10_000_000, "users"),
    databasePath: value("DATABASE_PATH") ?? "./data/bot.sqlite",
    shutdownDeadlineSeconds: integer(value, "SHUTDOWN_DEADLINE_SECONDS", 10, 1, 3600, "seconds"),
    logLevel: logLevel as LogLevel,
    telegramApiRoot,
  };
}

function integer(
  value: (name: string) => string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  const raw = value(name);
  if (raw === undefined) return fallback;

  const parsed = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(parsed >= min && parsed <= max)) {
    throw new ConfigError(
      `${name} must be a whole number of ${unit} from ${min} to ${max} (got "${raw}")`,
    );
  }
  return parsed;
}
