#!/usr/bin/env node
// Two hooks in one script, because both need to know the project's commands:
// - SessionStart: prints the key commands (test, lint, build...) so Claude uses
//   the project's own instead of guessing;
// - Stop: runs the project's tests once when Claude is about to finish, and
//   sends the failure back so it fixes them first. It returns at once when
//   `stop_hook_active` is set (Claude is already continuing because of this
//   hook), otherwise a failing suite would loop forever.
// The commands are read from package.json, go.mod, pyproject.toml,
// composer.json and Makefile; a project with none of them gets no output.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

const TEST_DEADLINE_MS = 270_000;
const OUTPUT_LINES = 40;

function main() {
  const input = JSON.parse(readFileSync(0, "utf8") || "{}");
  const root = process.env.CLAUDE_PROJECT_DIR || input.cwd || process.cwd();
  const commands = detectCommands(root);

  if (input.hook_event_name === "SessionStart") printKeyCommands(commands);
  if (input.hook_event_name === "Stop" && !input.stop_hook_active) runTests(commands, root);
}

/** Every command the project declares, grouped by where it came from. */
function detectCommands(root) {
  const has = (file) => existsSync(join(root, file));
  const found = [];
  if (has("package.json")) found.push(...nodeCommands(root, has));
  if (has("go.mod")) found.push(...goCommands());
  if (has("pyproject.toml") || has("requirements.txt") || has("setup.py")) {
    found.push(...pythonCommands(root, has));
  }
  if (has("composer.json")) found.push(...phpCommands(root, has));
  if (has("Makefile") && !found.some((c) => c.role === "test")) found.push(...makeCommands(root));
  return found;
}

function nodeCommands(root, has) {
  const pm = has("pnpm-lock.yaml")
    ? "pnpm"
    : has("yarn.lock")
      ? "yarn"
      : has("bun.lock") || has("bun.lockb")
        ? "bun"
        : "npm";
  const scripts = readJson(join(root, "package.json"))?.scripts ?? {};
  const run = (name) => (name === "test" && pm !== "bun" ? `${pm} test` : `${pm} run ${name}`);
  const roles = {
    test: ["test"],
    "type check": ["typecheck", "type-check", "check-types", "tsc"],
    lint: ["lint"],
    format: ["format", "fmt"],
    build: ["build"],
    "run (dev)": ["dev", "start"],
    check: ["check"],
  };
  const found = [];
  for (const [role, names] of Object.entries(roles)) {
    const name = names.find((n) => typeof scripts[n] === "string");
    if (!name || isPlaceholderTest(scripts[name])) continue;
    found.push({ role, command: run(name), source: "package.json" });
  }
  return found;
}

/** `npm init` writes a test script that only fails; it is not a test suite. */
function isPlaceholderTest(script) {
  return /no test specified/.test(script);
}

function goCommands() {
  return [
    { role: "test", command: "go test ./...", source: "go.mod" },
    { role: "vet", command: "go vet ./...", source: "go.mod" },
    { role: "format", command: "gofmt -l -w .", source: "go.mod" },
    { role: "build", command: "go build ./...", source: "go.mod" },
  ];
}

function pythonCommands(root, has) {
  const runner = has("uv.lock") ? "uv run " : has("poetry.lock") ? "poetry run " : venvPython(has);
  const pyproject = has("pyproject.toml") ? readFileSync(join(root, "pyproject.toml"), "utf8") : "";
  const usesPytest =
    /pytest/.test(pyproject) || has("pytest.ini") || has("conftest.py") || has("tests");
  const found = [];
  if (usesPytest)
    found.push({ role: "test", command: `${runner}pytest`, source: "Python project" });
  if (/\[tool\.ruff/.test(pyproject) || has("ruff.toml") || has(".ruff.toml")) {
    found.push({ role: "lint", command: `${runner}ruff check .`, source: "Python project" });
    found.push({ role: "format", command: `${runner}ruff format .`, source: "Python project" });
  }
  if (/\[tool\.mypy/.test(pyproject) || has("mypy.ini")) {
    found.push({ role: "type check", command: `${runner}mypy .`, source: "Python project" });
  }
  return found;
}

/** A project virtualenv wins over whatever `python` is first on PATH. */
function venvPython(has) {
  if (has(".venv/bin/python")) return ".venv/bin/python -m ";
  if (has(".venv/Scripts/python.exe")) return ".venv\\Scripts\\python.exe -m ";
  return onPath("python") ? "python -m " : "python3 -m ";
}

function phpCommands(root, has) {
  const scripts = readJson(join(root, "composer.json"))?.scripts ?? {};
  const found = [];
  if (scripts.test) found.push({ role: "test", command: "composer test", source: "composer.json" });
  else if (has("vendor/bin/phpunit")) {
    found.push({ role: "test", command: "php vendor/bin/phpunit", source: "composer.json" });
  }
  if (has("vendor/bin/phpcs")) {
    found.push({ role: "lint", command: "php vendor/bin/phpcs", source: "composer.json" });
  }
  if (has("vendor/bin/phpstan")) {
    found.push({
      role: "static analysis",
      command: "php vendor/bin/phpstan analyse",
      source: "composer.json",
    });
  }
  return found;
}

function makeCommands(root) {
  const makefile = readFileSync(join(root, "Makefile"), "utf8");
  return /^test:/m.test(makefile)
    ? [{ role: "test", command: "make test", source: "Makefile" }]
    : [];
}

function printKeyCommands(commands) {
  if (commands.length === 0) return;
  const lines = commands.map((c) => `- ${c.role}: \`${c.command}\` (${c.source})`);
  process.stdout.write(
    [
      "Key commands of this project (use these rather than guessing):",
      ...lines,
      "To triage a log, find its first failure before reading anything else (first-failure skill).",
      "",
    ].join("\n"),
  );
}

function runTests(commands, root) {
  const test = commands.find((c) => c.role === "test");
  if (!test || !workingTreeChanged(root)) return;

  const result = spawnSync(test.command, {
    cwd: root,
    shell: true,
    encoding: "utf8",
    timeout: TEST_DEADLINE_MS,
    env: { ...process.env, CI: "true", FORCE_COLOR: "0" },
  });
  if (result.error?.code === "ETIMEDOUT" || result.signal) {
    report({
      systemMessage:
        `\`${test.command}\` did not finish within ${TEST_DEADLINE_MS / 1000} s; ` +
        `tests were not checked.`,
    });
    return;
  }
  if (result.status === 0 || result.status === 127 || result.error) return;

  report({
    decision: "block",
    reason: [
      `The tests fail (\`${test.command}\` exited ${result.status}). ` +
        `Fix the cause before finishing, or explain why it cannot be fixed now.`,
      tail(`${result.stdout}\n${result.stderr}`),
    ].join("\n"),
  });
}

/** Only a turn that changed files needs the tests; answering a question does not. */
function workingTreeChanged(root) {
  const status = spawnSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" });
  if (status.error || status.status !== 0) return true;
  return status.stdout.trim() !== "";
}

function tail(text) {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  return plain.trim().split(/\r?\n/).slice(-OUTPUT_LINES).join("\n");
}

function report(output) {
  process.stdout.write(JSON.stringify(output) + "\n");
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function onPath(name) {
  const extensions = process.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""];
  return (process.env.PATH ?? "")
    .split(delimiter)
    .some((dir) => dir && extensions.some((ext) => existsSync(join(dir, name + ext))));
}

try {
  main();
} catch (error) {
  // A broken hook must not stop the session; exit 1 is shown but not blocking.
  process.stderr.write(`project-commands.mjs: ${error?.message ?? error}\n`);
  process.exit(1);
}
