import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Adds `entry` (a path relative to the project) to the project's .gitignore
 * unless a line already names it. Returns whether the file changed.
 */
export function ensureIgnored(projectDir: string, entry: string): boolean {
  const file = join(projectDir, ".gitignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (isIgnored(text, entry)) return false;

  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  writeFileSync(file, `${text}${separator}${entry}\n`);
  return true;
}

/** Exact lines only: a broader pattern the user wrote is theirs to keep or change. */
function isIgnored(text: string, entry: string): boolean {
  const accepted = new Set([
    entry,
    `/${entry}`,
    `**/${entry.split("/").pop()}`,
    entry.split("/").pop(),
  ]);
  return text.split(/\r?\n/).some((line) => accepted.has(line.trim()));
}
