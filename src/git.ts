import { isOnPath } from "./package-manager.js";
import { out } from "./ui.js";

const firstCommitMessage = "Initial commit from create-throttled-bot";

/**
 * git init, add, commit. Never inside an existing repository (no nested
 * repositories), and every failure is a warning: the project exists either way.
 */
export async function initRepository(dir: string): Promise<void> {
  if (!isOnPath("git")) {
    out.warn("git is not on PATH; skipped git init");
    return;
  }
  const { execa } = await import("execa");
  const git = (...args: string[]) => execa("git", args, { cwd: dir, reject: false });

  const inside = await git("rev-parse", "--is-inside-work-tree");
  if (inside.exitCode === 0) {
    out.info("Inside an existing git repository: skipped git init.");
    return;
  }
  const init = await git("init", "-q");
  if (init.exitCode !== 0) {
    out.warn(`skipped git init: ${gitReason(init.stderr)}`);
    return;
  }
  await git("add", "-A");
  const commit = await git("commit", "-q", "-m", firstCommitMessage);
  if (commit.exitCode !== 0) {
    out.warn(`git init done, first commit skipped: ${gitReason(commit.stderr || commit.stdout)}`);
  }
}

/** git's own explanation: its `fatal:` line when there is one, else its first line. */
function gitReason(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => line.startsWith("fatal:")) ?? lines[0] ?? "git gave no reason";
}
