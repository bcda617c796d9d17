import type { PromptObject } from "prompts";
import { CancelledError } from "./errors.js";

const colorsOn =
  Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";

function paint(open: number, close: number): (text: string) => string {
  return (text) => (colorsOn ? `\u001b[${open}m${text}\u001b[${close}m` : text);
}

export const bold = paint(1, 22);
export const dim = paint(2, 22);
export const green = paint(32, 39);
export const yellow = paint(33, 39);
export const red = paint(31, 39);
export const cyan = paint(36, 39);

export const out = {
  info: (line: string): void => void process.stdout.write(line + "\n"),
  warn: (line: string): void => void process.stderr.write(yellow("warning: ") + line + "\n"),
};

/**
 * Prompts only make sense with a person at a terminal. The `prompts` package
 * does not check this itself: without a terminal it prints the question and the
 * process exits 0 having created nothing.
 */
export function canPrompt(yes: boolean): boolean {
  return (
    // CI with any value, even "0", means an automated run.
    !yes && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI
  );
}

/** Asks one question; Ctrl+C or Esc ends the run as cancelled, with nothing written. */
export async function ask<T>(question: PromptObject<"value">): Promise<T> {
  // The prompts' colour library reads NODE_DISABLE_COLORS when it loads, not NO_COLOR.
  if (!colorsOn) process.env.NODE_DISABLE_COLORS = "1";
  // Loaded on first use: runs without a terminal never pay for it.
  const { default: prompts } = await import("prompts");
  const answers = await prompts(question, {
    onCancel: () => {
      throw new CancelledError();
    },
  });
  return answers.value as T;
}

/** Quotes a path for POSIX shells when it holds anything beyond safe characters. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
