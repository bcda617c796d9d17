#!/usr/bin/env node
// PostToolUse check after Claude writes or edits a TypeScript/JavaScript file:
// formats it with the project's own formatter (Prettier, else Biome) and runs
// the project's TypeScript compiler, reporting only errors in that file.
// Tools are taken from the project's node_modules; a project without them is
// left alone, silently. Problems go back to Claude as a "block" decision,
// which after an edit means "read this and fix it", not "undo".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { posix, win32 } from "node:path";

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const TYPED = /\.(ts|tsx|mts|cts)$/i;
const TOOL_DEADLINE_MS = 100_000;
const MAX_LINES = 30;

function main() {
  const input = JSON.parse(readFileSync(0, "utf8") || "{}");
  const file = input.tool_input?.file_path ?? input.tool_response?.filePath;
  if (typeof file !== "string" || !SOURCE.test(file) || !existsSync(file)) return;
  const path = /^[A-Za-z]:[\\/]|^\\\\/.test(file) ? win32 : posix;
  if (file.split(/[\\/]/).includes("node_modules")) return;

  const problems = [format(file, path), typeCheck(file, path)].filter(Boolean);
  if (problems.length) {
    const reason = `Checks on ${path.basename(file)} found problems:\n${problems.join("\n\n")}`;
    process.stdout.write(JSON.stringify({ decision: "block", reason }) + "\n");
  }
}

function format(file, path) {
  const prettier = findPackageBin(file, path, "prettier", "prettier");
  if (prettier)
    return run(prettier, ["--write", "--log-level", "warn", file], path.dirname(file), "Prettier");
  const biome = findPackageBin(file, path, "@biomejs/biome", "biome");
  if (biome) return run(biome, ["format", "--write", file], path.dirname(file), "Biome");
  return null;
}

function typeCheck(file, path) {
  if (!TYPED.test(file)) return null;
  const tsc = findPackageBin(file, path, "typescript", "tsc");
  const tsconfig = findUp(path.dirname(file), path, "tsconfig.json");
  if (!tsc || !tsconfig) return null;

  const projectDir = path.dirname(tsconfig);
  const result = spawnTool(tsc, ["--noEmit", "--pretty", "false", "-p", tsconfig], projectDir);
  if (!result || result.status === 0) return null;
  const relative = path.relative(projectDir, file).replaceAll("\\", "/");
  const mine = result.stdout
    .split(/\r?\n/)
    .filter((line) => line.replaceAll("\\", "/").startsWith(relative + "("));
  if (mine.length === 0) return null;
  return `tsc (${mine.length} error(s) in this file):\n${mine.slice(0, MAX_LINES).join("\n")}`;
}

/** The JS entry of a package's bin, run with this Node: no .cmd shims on Windows. */
function findPackageBin(file, path, pkg, bin) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "node_modules", pkg, "package.json");
    if (existsSync(manifest)) {
      const bins = JSON.parse(readFileSync(manifest, "utf8")).bin;
      const entry = typeof bins === "string" ? bins : bins?.[bin];
      return entry ? path.join(path.dirname(manifest), entry) : null;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function findUp(start, path, name) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name);
    if (dir.split(/[\\/]/).includes("node_modules") || path.dirname(dir) === dir) return null;
  }
}

function run(script, args, cwd, label) {
  const result = spawnTool(script, args, cwd);
  if (!result || result.status === 0) return null;
  const output = `${result.stdout}\n${result.stderr}`.trim().split(/\r?\n/);
  return `${label}:\n${output.slice(0, MAX_LINES).join("\n")}`;
}

function spawnTool(script, args, cwd) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    encoding: "utf8",
    timeout: TOOL_DEADLINE_MS,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  return result.error ? null : result;
}

try {
  main();
} catch (error) {
  process.stderr.write(`check-typescript.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
