import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeFolder, packedCli, tempDir } from "./support/cli.js";

const hasTmux = (() => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasTmux && process.env.REQUIRE_TMUX) throw new Error("tmux is required (REQUIRE_TMUX is set)");
if (!hasTmux) console.warn("prompt tests skipped: tmux is not installed (apt-get install tmux)");

const socket = `ctb-test-${process.pid}`;
let sessions = 0;

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
}

/** The CLI in a real terminal, as a person would run it; CI unset so prompts are allowed. */
function startInTerminal(cwd: string, args: string[]): string {
  const name = `s${++sessions}`;
  const command = [
    "env -u CI -u npm_config_user_agent",
    `PATH=/usr/bin:/bin GIT_CONFIG_GLOBAL=/dev/null`,
    `'${process.execPath}' '${packedCli}' ${args.map((arg) => `'${arg}'`).join(" ")};`,
    'echo "EXIT=$?"; sleep 600',
  ].join(" ");
  tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", cwd, command);
  return name;
}

function screen(session: string): string {
  return tmux("capture-pane", "-p", "-t", session);
}

async function waitForScreen(session: string, text: string | RegExp, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = screen(session);
    if (typeof text === "string" ? current.includes(text) : text.test(current)) return current;
    if (Date.now() > deadline) throw new Error(`screen never showed ${text}:\n${current}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function press(session: string, ...keys: string[]): void {
  tmux("send-keys", "-t", session, ...keys);
}

afterAll(() => {
  if (hasTmux && sessions > 0) tmux("kill-server");
});

describe.skipIf(!hasTmux)("prompts in a terminal", () => {
  it("asks for the folder, the Claude templates and the install, then writes the bot", async () => {
    const cwd = tempDir();
    const session = startInTerminal(cwd, ["--no-git"]);

    await waitForScreen(session, "Project folder");
    press(session, "term-bot", "Enter");
    await waitForScreen(session, "Add Claude Code templates?");
    press(session, "n");
    await waitForScreen(session, "Install dependencies now?");
    press(session, "n");
    const final = await waitForScreen(session, /EXIT=\d+/);

    expect(final).toContain("EXIT=0");
    expect(final).toContain("npm install");
    expect(existsSync(join(cwd, "term-bot", "src", "main.ts"))).toBe(true);
  });

  it("refusing the overwrite of a non-empty folder (the default) writes nothing", async () => {
    const cwd = tempDir();
    makeFolder(join(cwd, "busy"), { "notes.txt": "mine" });
    const session = startInTerminal(cwd, ["busy", "--no-install", "--no-git"]);

    await waitForScreen(session, "is not empty");
    press(session, "Enter");
    const final = await waitForScreen(session, /EXIT=\d+/);

    expect(final).toContain("cancelled");
    expect(final).toContain("EXIT=130");
    expect(readdirSync(join(cwd, "busy"))).toEqual(["notes.txt"]);
  });

  it.each([
    ["the folder question", [], "Project folder"],
    ["the overwrite question", ["busy"], "is not empty"],
    ["the Claude question", ["new-bot"], "Add Claude Code templates?"],
    ["the install question", ["new-bot", "--claude"], "Install dependencies now?"],
  ])("Ctrl+C at %s exits 130 and writes nothing", async (_, args, question) => {
    const cwd = tempDir();
    makeFolder(join(cwd, "busy"), { "notes.txt": "mine" });
    const session = startInTerminal(cwd, [...args, "--no-git"]);

    await waitForScreen(session, question);
    press(session, "C-c");
    const final = await waitForScreen(session, /EXIT=\d+/);

    expect(final).toContain("cancelled");
    expect(final).toContain("EXIT=130");
    expect(readdirSync(cwd)).toEqual(["busy"]);
    expect(readdirSync(join(cwd, "busy"))).toEqual(["notes.txt"]);
  });

  it("Esc at a question cancels too", async () => {
    const cwd = tempDir();
    const session = startInTerminal(cwd, ["esc-bot", "--no-git"]);

    await waitForScreen(session, "Add Claude Code templates?");
    press(session, "Escape");
    const final = await waitForScreen(session, /EXIT=\d+/);

    expect(final).toContain("EXIT=130");
    expect(readdirSync(cwd)).toEqual([]);
  });
});
