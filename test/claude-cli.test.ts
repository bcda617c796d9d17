import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { packedCli, runCli, tempDir } from "./support/cli.js";
import { validateSettings } from "./support/settings-schema.js";

const fixtures = join(import.meta.dirname, "fixtures", "claude", "settings");

/** A project folder with a space in its name, optionally with settings already there. */
function project(settings?: string): string {
  const dir = join(tempDir("ctb-claude-cli-"), "my project");
  mkdirSync(dir);
  if (settings !== undefined) {
    mkdirSync(join(dir, ".claude"));
    writeFileSync(join(dir, ".claude", "settings.json"), settings);
  }
  return dir;
}

const settingsOf = (dir: string, file = "settings.json") =>
  readFileSync(join(dir, ".claude", file), "utf8");

function expectSchemaValid(text: string): void {
  if (!validateSettings) return;
  expect(validateSettings(JSON.parse(text)), JSON.stringify(validateSettings.errors)).toBe(true);
}

describe("the packed package", () => {
  const packageRoot = join(dirname(packedCli), "..");

  it("ships every template set as a plugin, and the marketplace", () => {
    for (const set of ["common", "typescript", "go", "python", "wordpress"]) {
      expect(
        existsSync(join(packageRoot, "templates", "claude", set, ".claude-plugin", "plugin.json")),
      ).toBe(true);
      expect(existsSync(join(packageRoot, "templates", "claude", set, "hooks", "hooks.json"))).toBe(
        true,
      );
    }
  });

  it("keeps the hook scripts executable", () => {
    const hooks = join(packageRoot, "templates", "claude", "common", "hooks");

    for (const script of readdirSync(hooks).filter((f) => f.endsWith(".mjs"))) {
      expect(statSync(join(hooks, script)).mode & 0o111).not.toBe(0);
    }
  });
});

describe.each(readdirSync(fixtures))(
  "create-throttled-bot claude: merge scenario %s",
  (scenario) => {
    const beforePath = join(fixtures, scenario, "before.json");
    const before = existsSync(beforePath) ? readFileSync(beforePath, "utf8") : undefined;

    it("writes the expected settings, then changes nothing on a second run", async () => {
      const dir = project(before);

      const first = await runCli(["claude", dir, "--stack", "typescript"], { cwd: dir });
      const afterFirst = settingsOf(dir);
      const second = await runCli(["claude", dir, "--stack", "typescript"], { cwd: dir });

      expect(first.exitCode, first.stderr).toBe(0);
      expect(afterFirst).toBe(readFileSync(join(fixtures, scenario, "after.json"), "utf8"));
      expect(second.exitCode).toBe(0);
      expect(second.stdout).toContain("files 0 created, 0 overwritten");
      expect(second.stdout).toContain("0 added, 4 already there");
      expect(settingsOf(dir)).toBe(afterFirst);
      expectSchemaValid(afterFirst);
    });
  },
);

describe("create-throttled-bot claude", () => {
  it("installs a stack into an existing project and tells to restart Claude Code", async () => {
    const dir = project();

    const result = await runCli(["claude", ".", "--stack", "go"], { cwd: dir });

    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("Claude Code templates (common + go)");
    expect(result.stdout).toContain("Restart Claude Code");
    expect(result.stdout).toContain("/hooks");
    expect(statSync(join(dir, ".claude", "hooks", "check-go.mjs")).mode & 0o111).not.toBe(0);
    expect(existsSync(join(dir, ".claude", "skills", "first-failure", "SKILL.md"))).toBe(true);
    expectSchemaValid(settingsOf(dir));
  });

  it("refuses a trailing comma in settings: line and column, exit 1, nothing written", async () => {
    const text = '{\n  "model": "opus",\n}\n';
    const dir = project(text);

    const result = await runCli(["claude", dir, "--stack", "python"], { cwd: dir });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(".claude/settings.json line 3, column 1: a trailing comma");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(settingsOf(dir)).toBe(text);
    expect(readdirSync(join(dir, ".claude"))).toEqual(["settings.json"]);
  });

  it("lists files with other content and overwrites them only with --force", async () => {
    const dir = project();
    mkdirSync(join(dir, ".claude", "commands"), { recursive: true });
    writeFileSync(join(dir, ".claude", "commands", "triage.md"), "my triage\n");

    const refused = await runCli(["claude", dir, "--stack", "wordpress"], { cwd: dir });
    const forced = await runCli(["claude", dir, "--stack", "wordpress", "--force"], { cwd: dir });

    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^error: [a-z]/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain(".claude/commands/triage.md");
    expect(refused.stderr).toContain("--force");
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, ".claude", "commands", "triage.md"), "utf8")).toContain(
      "argument-hint",
    );
  });

  it("stops at a file it cannot write: one line, exit 1, and its own files removed", async () => {
    const dir = project();
    mkdirSync(join(dir, ".claude"));
    writeFileSync(join(dir, ".claude", "hooks"), "not a folder\n");

    const result = await runCli(["claude", dir, "--stack", "go"], { cwd: dir });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot write \.claude\/hooks\/guard-shell\.mjs: /);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(join(dir, ".claude"))).toEqual(["hooks"]);
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    const dir = project();

    const result = await runCli(["claude", dir, "--stack", "typescript", "--dry-run"], {
      cwd: dir,
    });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("would create     .claude/agents/cascade-debugger.md");
    expect(result.stdout).toContain("Dry run: nothing was written.");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--local --only hooks registers in settings.local.json and git-ignores it", async () => {
    const dir = project();

    const result = await runCli(
      ["claude", dir, "--stack", "python", "--local", "--only", "hooks"],
      {
        cwd: dir,
      },
    );

    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe(".claude/settings.local.json\n");
    expect(readdirSync(join(dir, ".claude")).sort()).toEqual(["hooks", "settings.local.json"]);
    expectSchemaValid(settingsOf(dir, "settings.local.json"));
  });
});

describe("create-throttled-bot my-bot --claude", () => {
  it("puts the typescript and common sets into the new bot", async () => {
    const cwd = tempDir("ctb-claude-new-");

    const result = await runCli(["my-bot", "--claude", "--no-install", "--no-git"], { cwd });
    const bot = join(cwd, "my-bot");

    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(bot, ".claude", "hooks", "check-typescript.mjs"))).toBe(true);
    expect(existsSync(join(bot, ".claude", "agents", "telegram-bot-reviewer.md"))).toBe(true);
    expectSchemaValid(settingsOf(bot));
  });
});
