import { relative } from "node:path";
import { installCommand, runCommand, type PackageManager } from "./package-manager.js";
import { bold, cyan, dim, green, shellQuote } from "./ui.js";

export interface NextStepsInput {
  dir: string;
  cwd: string;
  pm: PackageManager;
  installed: boolean;
}

/** The commands to run next, for the package manager in use; no `cd` for `.`. */
export function nextSteps({ dir, cwd, pm, installed }: NextStepsInput): string {
  const where = relative(cwd, dir);
  const steps: [string, string?][] = [];
  if (where) steps.push([`cd ${shellQuote(where)}`]);
  if (!installed) steps.push([installCommand(pm).join(" ")]);
  steps.push([runCommand(pm, "demo"), "see it work offline: no token, no network"]);
  steps.push(["cp .env.example .env", "then set BOT_TOKEN (from @BotFather)"]);
  steps.push([runCommand(pm, "dev")]);

  const width = Math.max(...steps.map(([command]) => command.length));
  const lines = steps.map(([command, note]) =>
    note ? `  ${cyan(command.padEnd(width))}  ${dim(note)}` : `  ${cyan(command)}`,
  );
  return [``, `${green("Done.")} ${bold("Next steps:")}`, ...lines, ``].join("\n");
}
