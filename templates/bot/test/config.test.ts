import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";

const TOKEN = "123456789:" + "A".repeat(35);

function errorFor(env: NodeJS.ProcessEnv): string {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("fills in defaults when only the token is set", () => {
    const config = parseConfig({ BOT_TOKEN: TOKEN });

    expect(config).toEqual({
      botToken: TOKEN,
      throttleWindowMs: 1000,
      throttleMaxUsers: 10_000,
      databasePath: "./data/bot.sqlite",
      shutdownDeadlineSeconds: 10,
      logLevel: "info",
      telegramApiRoot: undefined,
    });
  });

  it("reads every variable", () => {
    const config = parseConfig({
      BOT_TOKEN: TOKEN,
      THROTTLE_WINDOW_MS: "2500",
      THROTTLE_MAX_USERS: "50",
      DATABASE_PATH: "/var/lib/bot/db.sqlite",
      SHUTDOWN_DEADLINE_SECONDS: "3",
      LOG_LEVEL: "debug",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
    });

    expect(config).toMatchObject({
      throttleWindowMs: 2500,
      throttleMaxUsers: 50,
      databasePath: "/var/lib/bot/db.sqlite",
      shutdownDeadlineSeconds: 3,
      logLevel: "debug",
      telegramApiRoot: "http://127.0.0.1:8081",
    });
  });

  it("names BOT_TOKEN and its form when it is missing", () => {
    expect(errorFor({})).toMatch(/^BOT_TOKEN is not set.*<digits>:<35 characters>/);
  });

  it("rejects a malformed token without repeating it", () => {
    const almost = "123456789:" + "A".repeat(34);

    const message = errorFor({ BOT_TOKEN: almost });

    expect(message).toMatch(/^BOT_TOKEN is malformed/);
    expect(message).not.toContain(almost);
    expect(message).not.toContain("AAAA");
  });

  it("names the variable and the expected form of a bad number", () => {
    expect(errorFor({ BOT_TOKEN: TOKEN, THROTTLE_WINDOW_MS: "1s" })).toBe(
      'THROTTLE_WINDOW_MS must be a whole number of milliseconds from 1 to 3600000 (got "1s")',
    );
  });

  it("rejects an API root with a trailing slash", () => {
    expect(errorFor({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" })).toMatch(
      /^TELEGRAM_API_ROOT must be an http\(s\) URL without a trailing slash/,
    );
  });

  it("rejects an unknown log level", () => {
    expect(errorFor({ BOT_TOKEN: TOKEN, LOG_LEVEL: "verbose" })).toMatch(
      /^LOG_LEVEL must be one of/,
    );
  });

  it("puts every message on one line", () => {
    const messages = [
      errorFor({}),
      errorFor({ BOT_TOKEN: "x" }),
      errorFor({ BOT_TOKEN: TOKEN, SHUTDOWN_DEADLINE_SECONDS: "-1" }),
    ];

    for (const message of messages) expect(message).not.toContain("\n");
  });
});
