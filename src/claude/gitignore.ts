/**
 * The .gitignore text with `entry` (a path relative to the project) added,
 * or null when a line already names it.
 */
export function withIgnored(text: string, entry: string): string | null {
  if (isIgnored(text, entry)) return null;
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  return `${text}${separator}${entry}\n`;
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
