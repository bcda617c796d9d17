import { CliError } from "../errors.js";

/** One entry of `hooks.<Event>` in Claude Code settings. */
export interface HookGroup {
  matcher?: string;
  hooks: HookCommand[];
}

export interface HookCommand {
  type: "command";
  command: string;
  timeout?: number;
}

export type HookRegistrations = Record<string, HookGroup[]>;
export type Settings = Record<string, unknown>;

export interface MergeResult {
  settings: Settings;
  /** Hook commands appended, as "Event: command". */
  added: string[];
  /** Hook commands that were already registered for the same event and matcher. */
  present: string[];
}

/**
 * Parses a settings file the way Claude Code reads it: strict JSON, one
 * object. Anything else is refused with its line and column, because a
 * "repaired" rewrite would silently drop what the user wrote.
 */
export function parseSettings(text: string, shownPath: string): Settings {
  const refuse = (position: number, what: string): never => {
    const { line, column } = lineAndColumn(text, position);
    throw new CliError(
      `${shownPath} line ${line}, column ${column}: ${what}; ` +
        `Claude Code reads it as strict JSON; fix or remove the file, ` +
        `then run again (nothing was written)`,
    );
  };

  if (text.charCodeAt(0) === 0xfeff) refuse(0, "the file starts with a byte order mark (BOM)");
  if (text.trim() === "") refuse(0, "the file is empty");

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = errorPosition(error, text);
    refuse(position, describeSyntaxError(text, position));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    refuse(text.length - text.trimStart().length, "the top-level value is not an object");
  }
  return value as Settings;
}

/** V8 reports "at position N" for most errors and nothing for a cut-off file. */
function errorPosition(error: unknown, text: string): number {
  const match = /position (\d+)/.exec(String((error as Error).message));
  return match ? Number(match[1]) : text.length;
}

function describeSyntaxError(text: string, position: number): string {
  if (position >= text.length) return "the JSON ends too early";
  const rest = text.slice(position);
  if (rest.startsWith("//") || rest.startsWith("/*")) return "comments are not allowed in JSON";
  const before = text.slice(0, position).trimEnd();
  if (/^[}\]]/.test(rest) && before.endsWith(",")) return "a trailing comma is not allowed in JSON";
  return `unexpected ${JSON.stringify(rest[0])}`;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * Appends the hook groups to the user's settings. Existing keys keep their
 * values and order; an existing `hooks.<Event>` array is appended to, never
 * replaced; a command already registered for the same event and matcher (here
 * or in `elsewhere`, the other settings file of the project) is not added
 * again, so a second install changes nothing.
 */
export function mergeHooks(
  original: Settings,
  registrations: HookRegistrations,
  shownPath: string,
  elsewhere: Settings | null = null,
): MergeResult {
  const settings = structuredClone(original);
  const added: string[] = [];
  const present: string[] = [];

  const hooks = (settings.hooks ??= {});
  if (!isPlainObject(hooks)) {
    throw new CliError(
      `${shownPath}: "hooks" is not an object; ` +
        `fix it by hand, then run again (nothing was written)`,
    );
  }
  for (const [event, groups] of Object.entries(registrations)) {
    const existing = (hooks[event] ??= []);
    if (!Array.isArray(existing)) {
      throw new CliError(
        `${shownPath}: "hooks.${event}" is not an array; ` +
          `fix it by hand, then run again (nothing was written)`,
      );
    }
    for (const group of groups) {
      for (const hook of group.hooks) {
        const label = `${event}: ${hook.command}`;
        const other = isPlainObject(elsewhere?.hooks) ? elsewhere.hooks[event] : undefined;
        const registeredElsewhere =
          Array.isArray(other) && isRegistered(other, group.matcher, hook.command);
        if (registeredElsewhere || isRegistered(existing, group.matcher, hook.command)) {
          present.push(label);
          continue;
        }
        existing.push({
          ...(group.matcher === undefined ? {} : { matcher: group.matcher }),
          hooks: [hook],
        });
        added.push(label);
      }
    }
  }
  return { settings, added, present };
}

function isRegistered(groups: unknown[], matcher: string | undefined, command: string): boolean {
  return groups.some(
    (group) =>
      isPlainObject(group) &&
      (group.matcher ?? "") === (matcher ?? "") &&
      Array.isArray(group.hooks) &&
      group.hooks.some((hook) => isPlainObject(hook) && hook.command === command),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Serializes with the indentation the file already used (two spaces for a new file). */
export function formatSettings(settings: Settings, previousText: string | null): string {
  const indent = /^[ \t]+(?=")/m.exec(previousText ?? "")?.[0] ?? "  ";
  return JSON.stringify(settings, null, indent) + "\n";
}
