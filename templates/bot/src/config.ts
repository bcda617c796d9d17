import { accessSync, constants, existsSync, readFileSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";

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
 * `.env` file in the working directory, if one exists, and checks that DATABASE_PATH can
 * be opened. Throws ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Config {
  if (existsSync(envFile)) {
    let text: string;
    try {
      text = readFileSync(envFile, "utf8");
    } catch (error) {
      throw new ConfigError(`Cannot read ${envFile}: ${(error as Error).message}`);
    }
    for (const [name, value] of Object.entries(parseEnvFile(text, envFile))) {
      env[name] ??= value;
    }
  }

  const config = parseConfig(env);
  checkDatabasePath(config.databasePath);
  return config;
}

/**
 * Parses the text of a `.env` file into variables. Understood: `NAME=value` lines, an
 * optional `export ` before the name, blank lines, `#` comments (in an unquoted value, `#`
 * starts a comment too), values in double, single or back quotes (`\n` in double quotes is
 * a line break; a quoted value may span lines), CRLF line ends and a UTF-8 byte order mark.
 * A later line wins over an earlier one with the same name. Any other line is an error
 * naming the file and the line number, never the line itself: it may hold the token.
 */
export function parseEnvFile(text: string, fileName = ".env"): Record<string, string> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const variables: Record<string, string> = {};
  const malformed = (lineNumber: number, problem: string) =>
    new ConfigError(
      `${fileName} line ${lineNumber} ${problem}; ` +
        `write it as NAME=value, or start it with # to make it a comment`,
    );

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;

    const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (assignment === null) {
      throw malformed(lineNumber, line.includes("=") ? "has an invalid name" : "has no =");
    }
    const [, name = "", rest = ""] = assignment;

    const quote = rest[0];
    if (quote !== '"' && quote !== "'" && quote !== "`") {
      variables[name] = rest.replace(/#.*$/, "").trim();
      continue;
    }

    let quoted = rest.slice(1);
    let end = quoted.indexOf(quote);
    while (end === -1 && index + 1 < lines.length) {
      index += 1;
      quoted += "\n" + lines[index];
      end = quoted.indexOf(quote);
    }
    if (end === -1) throw malformed(lineNumber, `opens a ${quote} quote that is never closed`);
    if (!/^\s*(#.*)?$/.test(quoted.slice(end + 1))) {
      throw malformed(lineNumber, `has text after its closing ${quote} quote`);
    }
    const value = quoted.slice(0, end);
    variables[name] = quote === '"' ? value.replaceAll("\\n", "\n") : value;
  }
  return variables;
}

/**
 * Checks that the SQLite file at DATABASE_PATH can be opened or created: it is not a
 * folder, and its folder exists (or can be created) and is writable, which SQLite needs
 * for its -wal and -shm files. Throws ConfigError.
 */
export function checkDatabasePath(path: string): void {
  if (path === ":memory:") return;

  const problem = (reason: string) =>
    new ConfigError(`DATABASE_PATH "${path}" cannot be used: ${reason}`);
  if (statOrUndefined(path)?.isDirectory()) {
    throw problem("it is a folder; point it at a file, like a bot.sqlite inside that folder");
  }

  let folder = dirname(path);
  let stats = statOrUndefined(folder);
  while (stats === undefined && dirname(folder) !== folder) {
    folder = dirname(folder);
    stats = statOrUndefined(folder);
  }
  if (stats !== undefined && !stats.isDirectory()) {
    throw problem(`${folder} is not a folder; point it at a file inside a folder`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw problem(
      `the folder ${folder} is not writable by this user; ` +
        `fix its permissions or choose another path`,
    );
  }
}

/** The file's status; undefined when it does not exist or cannot be looked at. */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
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
      "BOT_TOKEN is not set: put the token from @BotFather (<digits>:<35 characters>) " +
        "in the environment or in .env",
    );
  }
  if (!TOKEN_FORM.test(botToken)) {
    // The value is never echoed: a near-miss token is still a secret.
    throw new ConfigError(
      "BOT_TOKEN is malformed: expected the token from @BotFather, " +
        "<digits>:<35 letters, digits, _ or ->",
    );
  }

  const logLevel = value("LOG_LEVEL") ?? "info";
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevel}")`);
  }

  const telegramApiRoot = value("TELEGRAM_API_ROOT");
  if (telegramApiRoot !== undefined && !/^https?:\/\/[^/\s]+(\/\S*[^/])?$/.test(telegramApiRoot)) {
    throw new ConfigError(
      `TELEGRAM_API_ROOT must be an http(s) URL without a trailing slash, ` +
        `like http://127.0.0.1:8081 (got "${telegramApiRoot}")`,
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
