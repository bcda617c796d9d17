/**
 * Runs the real entry point, `src/main.ts`, as a child process, the way production runs
 * it, and collects its log lines.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_DIR = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = join(PROJECT_DIR, "src", "main.ts");

/** Shaped like a real token; only the fake ever sees it. */
export const TEST_TOKEN = "987654321:" + "Sx9_".repeat(8) + "q-Z";
/** The part of the token that must never appear in any output. */
export const TOKEN_SECRET = TEST_TOKEN.split(":")[1]!;

export type LogLine = Record<string, unknown> & { event?: string; level?: string };

export interface BotProcess {
  /** Log lines parsed from standard output, in order. */
  readonly logs: LogLine[];
  /** Every line written to standard output or standard error. */
  readonly output: string[];
  /** Lines written to standard error. */
  readonly errors: string[];
  /** Resolves with the exit code (or the signal that ended the process). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first log line, present or future, that matches. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  kill(signal: NodeJS.Signals): void;
}

/** A fresh folder for one bot's database. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "bot-e2e-"));
}

/**
 * Starts `src/main.ts` with every setting given explicitly, so a developer's `.env` in
 * the project folder cannot change what a test runs against.
 */
export function spawnBot(settings: {
  apiRoot: string;
  databasePath: string;
  env?: Record<string, string>;
}): BotProcess {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: PROJECT_DIR,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TMPDIR: process.env.TMPDIR ?? tmpdir(),
      BOT_TOKEN: TEST_TOKEN,
      TELEGRAM_API_ROOT: settings.apiRoot,
      DATABASE_PATH: settings.databasePath,
      THROTTLE_WINDOW_MS: "1000",
      THROTTLE_MAX_USERS: "10000",
      SHUTDOWN_DEADLINE_SECONDS: "10",
      LOG_LEVEL: "info",
      ...settings.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  const logs: LogLine[] = [];
  const output: string[] = [];
  const errors: string[] = [];
  const listeners = new Set<(line: LogLine) => void>();

  readLines(child.stdout, (line) => {
    output.push(line);
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    logs.push(parsed);
    for (const listener of listeners) listener(parsed);
  });
  readLines(child.stderr, (line) => {
    output.push(line);
    errors.push(line);
  });

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  return {
    logs,
    output,
    errors,
    exited,
    waitForLog(match, timeoutMs = 20_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);

      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`No matching log line within ${timeoutMs} ms:\n${output.join("\n")}`));
        }, timeoutMs);
        const listener = (line: LogLine) => {
          if (!match(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
      });
    },
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const part of parts) if (part.length > 0) onLine(part);
  });
  stream.on("end", () => {
    if (rest.length > 0) onLine(rest);
  });
}

/** Rejects if `promise` takes longer than `ms`. */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
