#!/usr/bin/env node
// PostToolUse check after Claude writes or edits a Go file: gofmt rewrites it
// in place (a syntax error shows up here), then `go vet` checks its package.
// Without a Go toolchain on PATH the hook does nothing. Problems go back to
// Claude as a "block" decision, which after an edit means "fix this".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, posix, win32 } from "node:path";

const TOOL_DEADLINE_MS = 100_000;
const MAX_LINES = 30;

function main() {
  const input = JSON.parse(readFileSync(0, "utf8") || "{}");
  const file = input.tool_input?.file_path ?? input.tool_response?.filePath;
  if (typeof file !== "string" || !/\.go$/i.test(file) || !existsSync(file)) return;
  const path = /^[A-Za-z]:[\\/]|^\\\\/.test(file) ? win32 : posix;
  if (file.split(/[\\/]/).includes("vendor")) return;

  const problems = [gofmt(file, path), vet(file, path)].filter(Boolean);
  if (problems.length) {
    const reason = `Checks on ${path.basename(file)} found problems:\n${problems.join("\n\n")}`;
    process.stdout.write(JSON.stringify({ decision: "block", reason }) + "\n");
  }
}

function gofmt(file, path) {
  const tool = which("gofmt");
  if (!tool) return null;
  const result = spawnTool(tool, ["-w", file], path.dirname(file));
  return result && result.status !== 0 ? `gofmt:\n${clip(result.stderr)}` : null;
}

function vet(file, path) {
  const tool = which("go");
  if (!tool) return null;
  const result = spawnTool(tool, ["vet", "."], path.dirname(file));
  return result && result.status !== 0 ? `go vet:\n${clip(result.stderr)}` : null;
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
  process.stderr.write(`check-go.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
