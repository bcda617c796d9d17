import { existsSync } from "node:fs";
import { resolve } from "node:path";

export { REPO_ROOT } from "../../case-studies/telegram-flood-cascade/lib/run-bot.js";
export { percentile } from "../../case-studies/telegram-flood-cascade/lib/measure.js";

/** True when `moduleFile` is the script node was started with (not imported). */
export function isMain(moduleFile: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === moduleFile;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A plain text table with right-aligned numbers. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((r) => (r[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** GNU time reports a child's peak memory; absent on macOS and slim containers. */
export const GNU_TIME = ["/usr/bin/time", "/bin/time"].find(
  (path) => existsSync(path) && process.platform === "linux",
);
