import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  checkDatabasePath,
  ConfigError,
  loadConfig,
  parseConfig,
  parseEnvFile,
} from "../src/config.js";

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

describe(".env file", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bot-config-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function envFile(text: string): string {
    const path = join(dir, ".env");
    writeFileSync(path, text);
    return path;
  }

  function loadErrorFor(env: NodeJS.ProcessEnv, file: string): string {
    try {
      loadConfig(env, file);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error("expected a ConfigError");
  }

  it("reads BOT_TOKEN from a file that starts with a UTF-8 byte order mark", () => {
    const file = envFile(`\uFEFFBOT_TOKEN=${TOKEN}\nLOG_LEVEL=warn\n`);

    const config = loadConfig({ DATABASE_PATH: join(dir, "bot.sqlite") }, file);

    expect(config).toMatchObject({ botToken: TOKEN, logLevel: "warn" });
  });

  it("understands CRLF, quotes, export, comments and blank lines", () => {
    const text = [
      "# a comment",
      "",
      "export A=plain # trailing comment",
      'B="double # kept"',
      "C='single'",
      "D=`back`",
      'E="two\\nlines"',
      "F=  spaced  ",
      'G="spans',
      'lines"',
      "H=",
    ].join("\r\n");

    const variables = parseEnvFile(text);

    expect(variables).toEqual({
      A: "plain",
      B: "double # kept",
      C: "single",
      D: "back",
      E: "two\nlines",
      F: "spaced",
      G: "spans\nlines",
      H: "",
    });
  });

  it("lets environment variables win over the file", () => {
    const file = envFile(`BOT_TOKEN=${"1:" + "B".repeat(35)}\nLOG_LEVEL=debug\n`);

    const config = loadConfig({ BOT_TOKEN: TOKEN, DATABASE_PATH: join(dir, "bot.sqlite") }, file);

    expect(config).toMatchObject({ botToken: TOKEN, logLevel: "debug" });
  });

  it("names the file and the line of a line without =, and does not swallow the next line", () => {
    const file = envFile(`FOO\nBOT_TOKEN=${TOKEN}\n`);

    const message = loadErrorFor({}, file);

    expect(message).toBe(
      `${file} line 1 has no =; write it as NAME=value, or start it with # to make it a comment`,
    );
  });

  it("names the line of an unclosed quote without printing the token", () => {
    const file = envFile(`LOG_LEVEL=info\nBOT_TOKEN="${TOKEN}\n`);

    const message = loadErrorFor({}, file);

    expect(message).toMatch(/ line 2 opens a " quote that is never closed; /);
    expect(message).not.toContain(TOKEN.split(":")[1]);
    expect(message).not.toContain("\n");
  });

  it("rejects a name that is not a variable name", () => {
    expect(() => parseEnvFile("A=1\nBOT TOKEN=x\n")).toThrow(/^\.env line 2 has an invalid name/);
  });
});

describe("DATABASE_PATH", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bot-config-"));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function pathErrorFor(path: string): string {
    try {
      checkDatabasePath(path);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error("expected a ConfigError");
  }

  it("accepts a file in a folder that does not exist yet", () => {
    expect(() => checkDatabasePath(join(dir, "a", "b", "bot.sqlite"))).not.toThrow();
  });

  it("rejects a folder, naming the variable and the path", () => {
    expect(pathErrorFor(dir)).toBe(
      `DATABASE_PATH "${dir}" cannot be used: it is a folder; ` +
        `point it at a file, like a bot.sqlite inside that folder`,
    );
  });

  it("rejects a path below a file, naming the file", () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "");

    const message = pathErrorFor(join(file, "sub", "bot.sqlite"));

    expect(message).toBe(
      `DATABASE_PATH "${join(file, "sub", "bot.sqlite")}" cannot be used: ` +
        `${file} is not a folder; point it at a file inside a folder`,
    );
  });

  it.skipIf(process.getuid?.() === 0)("rejects a folder this user cannot write to", () => {
    chmodSync(dir, 0o500);

    const message = pathErrorFor(join(dir, "bot.sqlite"));

    chmodSync(dir, 0o700);
    expect(message).toMatch(/^DATABASE_PATH ".*" cannot be used: the folder .* is not writable/);
  });

  it("is checked when the configuration is loaded", () => {
    const env = { BOT_TOKEN: TOKEN, DATABASE_PATH: dir };

    expect(() => loadConfig(env, join(dir, "no.env"))).toThrow(
      /^DATABASE_PATH ".*" cannot be used: it is a folder/,
    );
  });
});
