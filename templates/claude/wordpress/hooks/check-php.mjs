#!/usr/bin/env node
// PostToolUse check after Claude writes or edits a PHP file: `php -l` for
// syntax, then PHP_CodeSniffer when the project has both phpcs and a ruleset
// (phpcs.xml, phpcs.xml.dist, .phpcs.xml or .phpcs.xml.dist), so the project's
// own standard (e.g. WordPress Coding Standards) decides. Without php on PATH
// the hook does nothing. Problems go back to Claude as a "block" decision,
// which after an edit means "fix this".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, posix, win32 } from "node:path";

const TOOL_DEADLINE_MS = 50_000;
const MAX_LINES = 30;
const RULESETS = ["phpcs.xml", "phpcs.xml.dist", ".phpcs.xml", ".phpcs.xml.dist"];

function main() {
  const input = JSON.parse(readFileSync(0, "utf8") || "{}");
  const file = input.tool_input?.file_path ?? input.tool_response?.filePath;
  if (typeof file !== "string" || !/\.php$/i.test(file) || !existsSync(file)) return;
  const path = /^[A-Za-z]:[\\/]|^\\\\/.test(file) ? win32 : posix;
  if (file.split(/[\\/]/).includes("vendor")) return;
  const php = which("php");
  if (!php) return;

  const root = process.env.CLAUDE_PROJECT_DIR || input.cwd || path.dirname(file);
  const problems = [lint(php, file, path), sniff(php, file, path, root)].filter(Boolean);
  if (problems.length) {
    const reason = `Checks on ${path.basename(file)} found problems:\n${problems.join("\n\n")}`;
    process.stdout.write(JSON.stringify({ decision: "block", reason }) + "\n");
  }
}

function lint(php, file, path) {
  const result = spawnTool(php, ["-l", file], path.dirname(file));
  return result && result.status !== 0 ? `php -l:\n${clip(result.stdout + result.stderr)}` : null;
}

function sniff(php, file, path, root) {
  const phpcs = path.join(root, "vendor", "bin", "phpcs");
  if (!existsSync(phpcs) || !RULESETS.some((name) => existsSync(path.join(root, name))))
    return null;
  const result = spawnTool(php, [phpcs, "-q", "--report=emacs", file], root);
  return result && result.status !== 0 && result.stdout.trim()
    ? `phpcs:\n${clip(result.stdout)}`
    : null;
}

function which(name) {
  const extensions = process.platform === "win32" ? [".exe", ""] : [""];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const ext of extensions) {
      if (dir && existsSync(join(dir, name + ext))) return join(dir, name + ext);
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
  process.stderr.write(`check-php.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
