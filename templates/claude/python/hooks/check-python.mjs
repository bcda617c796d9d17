#!/usr/bin/env node
// PostToolUse check after Claude writes or edits a Python file: `ruff format`
// rewrites it in place, then `ruff check` lints it with the project's rules.
// Ruff is taken from the project's virtualenv first, then PATH; without it the
// hook does nothing. Problems go back to Claude as a "block" decision, which
// after an edit means "fix this".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, posix, win32 } from "node:path";

const TOOL_DEADLINE_MS = 50_000;
const MAX_LINES = 30;

function main() {
  const input = JSON.parse(readFileSync(0, "utf8") || "{}");
  const file = input.tool_input?.file_path ?? input.tool_response?.filePath;
  if (typeof file !== "string" || !/\.pyi?$/i.test(file) || !existsSync(file)) return;
  const path = /^[A-Za-z]:[\\/]|^\\\\/.test(file) ? win32 : posix;
  const ruff = findRuff(file, path, process.env.CLAUDE_PROJECT_DIR || input.cwd);
  if (!ruff) return;

  const cwd = path.dirname(file);
  const formatted = spawnTool(ruff, ["format", "--quiet", file], cwd);
  const linted = spawnTool(ruff, ["check", "--quiet", "--no-fix", file], cwd);
  const problems = [
    formatted && formatted.status !== 0 && `ruff format:\n${clip(formatted.stderr)}`,
    linted && linted.status !== 0 && `ruff check:\n${clip(linted.stdout + linted.stderr)}`,
  ].filter(Boolean);
  if (problems.length) {
    const reason = `Checks on ${path.basename(file)} found problems:\n${problems.join("\n\n")}`;
    process.stdout.write(JSON.stringify({ decision: "block", reason }) + "\n");
  }
}

/** The project's virtualenv decides the ruff version and so the rules. */
function findRuff(file, path, root) {
  const venvs = [root, path.dirname(file)]
    .filter(Boolean)
    .flatMap((dir) => [
      path.join(dir, ".venv", "bin", "ruff"),
      path.join(dir, ".venv", "Scripts", "ruff.exe"),
    ]);
  const local = venvs.find((candidate) => existsSync(candidate));
  if (local) return local;
  const extensions = process.platform === "win32" ? [".exe", ""] : [""];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const ext of extensions) {
      if (dir && existsSync(join(dir, "ruff" + ext))) return join(dir, "ruff" + ext);
    }
  }
  return null;
}

function spawnTool(tool, args, cwd) {
  const result = spawnSync(tool, args, { cwd, encoding: "utf8", timeout: TOOL_DEADLINE_MS });
  return result.error ? null : result;
}

function clip(text) {
  return text.trim().split(/\r?\n/).slice(0, MAX_LINES).join("\n");
}

try {
  main();
} catch (error) {
  process.stderr.write(`check-python.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
