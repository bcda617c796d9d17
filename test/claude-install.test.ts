import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  installClaude,
  STACKS,
  type ClaudeInstallOptions,
  type Output,
} from "../src/claude/index.js";
import { CliError } from "../src/errors.js";
import { validateSettings } from "./support/settings-schema.js";

const fixtures = join(import.meta.dirname, "fixtures", "claude", "settings");
const sandbox = mkdtempSync(join(tmpdir(), "ctb-claude-"));
let count = 0;

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** A new project folder, with a space in its path as users' folders often have. */
function newProject(settings?: string, file = "settings.json"): string {
  const dir = join(sandbox, `project ${++count}`);
  mkdirSync(dir, { recursive: true });
  if (settings !== undefined) {
    mkdirSync(join(dir, ".claude"));
    writeFileSync(join(dir, ".claude", file), settings);
  }
  return dir;
}

function recorder(): Output & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => lines.push(line),
    warn: (line) => lines.push(`warning: ${line}`),
  };
}

function install(
  projectDir: string,
  options: Partial<ClaudeInstallOptions> = {},
  out = recorder(),
) {
  return installClaude(
    { projectDir, stack: "typescript", local: false, dryRun: false, force: false, ...options },
    out,
  );
}

/** Every file under a folder with its bytes and mode, to prove that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = `${statSync(path).mode}:${readFileSync(path, "base64")}`;
    }
  };
  walk(dir);
  return files;
}

const readSettings = (dir: string, file = "settings.json") =>
  readFileSync(join(dir, ".claude", file), "utf8");

/** Structural checks that hold with or without the schema. */
function expectWellFormedHooks(settings: Record<string, unknown>, projectDir: string): void {
  for (const [event, groups] of Object.entries(settings.hooks as Record<string, unknown[]>)) {
    expect(Array.isArray(groups), event).toBe(true);
    for (const group of groups as { matcher?: unknown; hooks: Record<string, unknown>[] }[]) {
      if (group.matcher !== undefined) expect(typeof group.matcher).toBe("string");
      for (const hook of group.hooks) {
        expect(hook.type).toBe("command");
        if (hook.timeout !== undefined) expect(hook.timeout).toBeGreaterThan(0);
        if (hook.timeout !== undefined) expect(hook.timeout).toBeLessThanOrEqual(600);
        const script = /^node "\$CLAUDE_PROJECT_DIR\/(\.claude\/hooks\/[\w-]+\.mjs)"$/.exec(
          String(hook.command),
        );
        if (script) expect(existsSync(join(projectDir, script[1])), script[1]).toBe(true);
      }
    }
  }
}

const withSchema = validateSettings ? it : it.skip;

describe.each(readdirSync(fixtures))("merge scenario %s", (scenario) => {
  const beforePath = join(fixtures, scenario, "before.json");
  const before = existsSync(beforePath) ? readFileSync(beforePath, "utf8") : undefined;
  const after = readFileSync(join(fixtures, scenario, "after.json"), "utf8");

  it("writes exactly the expected settings file", async () => {
    const dir = newProject(before);

    await install(dir);

    expect(readSettings(dir)).toBe(after);
  });

  it("keeps every existing key, in its order, with its value", async () => {
    const dir = newProject(before);
    const original = before === undefined ? {} : JSON.parse(before);

    await install(dir);
    const merged = JSON.parse(readSettings(dir));

    expect(Object.keys(merged).slice(0, Object.keys(original).length)).toEqual(
      Object.keys(original),
    );
    for (const [key, value] of Object.entries(original)) {
      if (key !== "hooks") expect(merged[key]).toEqual(value);
    }
    for (const [event, groups] of Object.entries(
      (original.hooks ?? {}) as Record<string, unknown[]>,
    )) {
      expect(merged.hooks[event].slice(0, groups.length)).toEqual(groups);
    }
  });

  it("changes nothing on a second run", async () => {
    const dir = newProject(before);
    await install(dir);
    const first = snapshot(dir);

    const result = await install(dir);

    expect(snapshot(dir)).toEqual(first);
    expect(result.created).toEqual([]);
    expect(result.hooksAdded).toEqual([]);
  });

  it("leaves well-formed hooks that point at installed scripts", async () => {
    const dir = newProject(before);

    await install(dir);

    expectWellFormedHooks(JSON.parse(readSettings(dir)), dir);
  });

  withSchema("validates against the Claude Code settings schema", async () => {
    const dir = newProject(before);

    await install(dir);
    const valid = validateSettings!(JSON.parse(readSettings(dir)));

    expect(valid, JSON.stringify(validateSettings!.errors)).toBe(true);
  });
});

describe("settings that are not strict JSON", () => {
  it.each([
    ["comments", '{\n  // my model\n  "model": "opus"\n}\n', "line 2, column 3", "comments"],
    ["a trailing comma", '{\n  "model": "opus",\n}\n', "line 3, column 1", "trailing comma"],
    ["a byte order mark", '\ufeff{"model": "opus"}\n', "line 1, column 1", "byte order mark"],
    ["nothing", "", "line 1, column 1", "empty"],
    ["only whitespace", "  \n", "line 1, column 1", "empty"],
    ["an array", '[{"hooks": {}}]\n', "line 1, column 1", "not an object"],
    ["a cut-off file", '{\n  "model": "opus"\n', "line 3, column 1", "ends too early"],
    ["single quotes", "{'model': 'opus'}\n", "line 1, column 2", "unexpected"],
  ])(
    "refuses a file with %s, naming line and column, and writes nothing",
    async (_what, text, where, why) => {
      const dir = newProject(text);
      const before = snapshot(dir);

      const error = await install(dir).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(1);
      expect((error as CliError).message).toContain(`.claude/settings.json ${where}`);
      expect((error as CliError).message).toContain(why);
      expect((error as CliError).message).toContain("; fix or remove the file");
      expect(snapshot(dir)).toEqual(before);
    },
  );

  it.each([
    ['"hooks" that is not an object', '{"hooks": []}\n'],
    ['"hooks.PreToolUse" that is not an array', '{"hooks": {"PreToolUse": {"matcher": "Bash"}}}\n'],
  ])("refuses %s and writes nothing", async (_what, text) => {
    const dir = newProject(text);
    const before = snapshot(dir);

    await expect(install(dir)).rejects.toThrow(/fix it by hand/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("ignores an invalid settings file it does not write to", async () => {
    const dir = newProject("{ broken", "settings.local.json");

    await install(dir);

    expect(readSettings(dir, "settings.local.json")).toBe("{ broken");
    expect(JSON.parse(readSettings(dir)).hooks.PreToolUse).toHaveLength(1);
  });
});

describe("rewriting a settings file", () => {
  it.each(["settings.json", "settings.local.json"])(
    "keeps the permission bits of %s",
    async (file) => {
      const dir = newProject('{"model": "opus"}\n', file);
      chmodSync(join(dir, ".claude", file), 0o600);

      await install(dir, { local: file === "settings.local.json" });

      expect(statSync(join(dir, ".claude", file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readSettings(dir, file)).hooks.PreToolUse).toHaveLength(1);
    },
  );

  it("writes through a symlinked settings.json to its target and keeps the link", async () => {
    const dir = newProject();
    const shared = join(dir, "shared");
    mkdirSync(shared);
    writeFileSync(join(shared, "settings.json"), '{"model": "opus"}\n');
    mkdirSync(join(dir, ".claude"));
    symlinkSync(join("..", "shared", "settings.json"), join(dir, ".claude", "settings.json"));

    await install(dir);

    const link = join(dir, ".claude", "settings.json");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join("..", "shared", "settings.json"));
    const merged = JSON.parse(readFileSync(join(shared, "settings.json"), "utf8"));
    expect(merged.model).toBe("opus");
    expect(merged.hooks.PreToolUse).toHaveLength(1);
    expect(readdirSync(shared)).toEqual(["settings.json"]);
    expect(readdirSync(join(dir, ".claude")).filter((f) => f.includes("tmp"))).toEqual([]);
  });
});

describe("a failure in the middle of an install", () => {
  it("names the file in one line, exits 1, and removes what this run created", async () => {
    const dir = newProject('{"model": "opus"}\n');
    writeFileSync(join(dir, ".claude", "hooks"), "my notes, not a folder\n");
    const before = snapshot(dir);

    const error = await install(dir).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(1);
    expect((error as CliError).message).toMatch(
      /^cannot write \.claude\/hooks\/guard-shell\.mjs: \.claude\/hooks is a file, not a folder; /,
    );
    expect((error as CliError).message).not.toContain("\n");
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(join(dir, ".claude"))).toEqual(["hooks", "settings.json"]);
  });

  it("never removes a file the user had, and restores a replaced one's old content", async () => {
    const dir = newProject();
    mkdirSync(join(dir, ".claude", "agents"), { recursive: true });
    writeFileSync(join(dir, ".claude", "agents", "cascade-debugger.md"), "my own agent\n");
    writeFileSync(join(dir, ".claude", "hooks"), "not a folder\n");
    const before = snapshot(dir);

    await expect(install(dir, { force: true })).rejects.toThrow(/^cannot write /);

    expect(snapshot(dir)).toEqual(before);
  });
});

describe("existing files", () => {
  it("are never overwritten without --force: all are listed and nothing is written", async () => {
    const dir = newProject();
    mkdirSync(join(dir, ".claude", "agents"), { recursive: true });
    writeFileSync(join(dir, ".claude", "agents", "cascade-debugger.md"), "my own agent\n");
    mkdirSync(join(dir, ".claude", "hooks"), { recursive: true });
    writeFileSync(join(dir, ".claude", "hooks", "guard-shell.mjs"), "// my guard\n");
    const before = snapshot(dir);

    const error = await install(dir).catch((e: unknown) => e);

    expect((error as CliError).exitCode).toBe(1);
    expect((error as CliError).message).toContain(".claude/agents/cascade-debugger.md");
    expect((error as CliError).message).toContain(".claude/hooks/guard-shell.mjs");
    expect((error as CliError).message).toContain("--force");
    expect(snapshot(dir)).toEqual(before);
  });

  it("are overwritten with --force and reported", async () => {
    const dir = newProject();
    mkdirSync(join(dir, ".claude", "agents"), { recursive: true });
    writeFileSync(join(dir, ".claude", "agents", "cascade-debugger.md"), "my own agent\n");
    const out = recorder();

    const result = await install(dir, { force: true }, out);

    expect(result.overwritten).toEqual([".claude/agents/cascade-debugger.md"]);
    expect(readFileSync(join(dir, ".claude", "agents", "cascade-debugger.md"), "utf8")).toContain(
      "name: cascade-debugger",
    );
    expect(out.lines.join("\n")).toContain("overwrote   .claude/agents/cascade-debugger.md");
  });

  it("are left alone when their content is already the same", async () => {
    const dir = newProject();
    await install(dir, { only: ["agents"] });

    const result = await install(dir);

    expect(result.unchanged).toContain(".claude/agents/cascade-debugger.md");
    expect(result.overwritten).toEqual([]);
  });
});

describe("installClaude options", () => {
  it("--dry-run prints the plan and writes nothing", async () => {
    const dir = newProject('{"model": "opus"}\n');
    const before = snapshot(dir);
    const out = recorder();

    const result = await install(dir, { dryRun: true, local: true }, out);

    expect(snapshot(dir)).toEqual(before);
    expect(result.created.length).toBeGreaterThan(10);
    expect(out.lines).toContain("  would create     .claude/agents/cascade-debugger.md");
    expect(out.lines.some((l) => l.startsWith("  would register   PreToolUse: "))).toBe(true);
    expect(out.lines).toContain("  would git-ignore .claude/settings.local.json");
    expect(out.lines.at(-1)).toBe("Dry run: nothing was written.");
  });

  it("--dry-run says what it would do, in the summary too", async () => {
    const out = recorder();

    await install(newProject(), { dryRun: true }, out);
    const summary = out.lines.at(-2) ?? "";

    expect(summary).toMatch(/files: would create \d+, would overwrite 0, 0 unchanged/);
    expect(summary).toMatch(/hooks in \.claude\/settings\.json: would add 4, 0 already there/);
    expect(summary).not.toMatch(/\d+ created|\d+ added/);
  });

  it.each([false, true])("aligns the plan's paths in one column (dry run: %s)", async (dryRun) => {
    const dir = newProject();
    mkdirSync(join(dir, ".claude", "agents"), { recursive: true });
    writeFileSync(join(dir, ".claude", "agents", "cascade-debugger.md"), "my own agent\n");
    const out = recorder();

    await install(dir, { dryRun, force: true, local: true }, out);
    const plan = out.lines.filter((line) => line.startsWith("  "));
    const columns = new Set(
      plan.map((line) => line.search(/(\.claude\/|PreToolUse|Stop|Post|Sess)/)),
    );

    expect(plan.length).toBeGreaterThan(10);
    expect(new Set(plan.map((line) => line.trim().split(" ")[dryRun ? 1 : 0])).size).toBe(4);
    expect(columns.size).toBe(1);
  });

  it("--local registers in settings.local.json and git-ignores it once", async () => {
    const dir = newProject();
    writeFileSync(join(dir, ".gitignore"), "node_modules/");

    await install(dir, { local: true });
    await install(dir, { local: true });

    expect(existsSync(join(dir, ".claude", "settings.json"))).toBe(false);
    expect(JSON.parse(readSettings(dir, "settings.local.json")).hooks.Stop).toHaveLength(1);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe(
      "node_modules/\n.claude/settings.local.json\n",
    );
  });

  it("--local does not register again what settings.json already runs", async () => {
    const dir = newProject();
    await install(dir);

    const result = await install(dir, { local: true, stack: "go" });

    expect(result.hooksAdded).toEqual([
      `PostToolUse: node "$CLAUDE_PROJECT_DIR/.claude/hooks/check-go.mjs"`,
    ]);
  });

  it("--only agents,skills installs those kinds and leaves settings alone", async () => {
    const dir = newProject();

    const result = await install(dir, { only: ["agents", "skills"] });

    expect(result.settingsFile).toBeNull();
    expect(existsSync(join(dir, ".claude", "settings.json"))).toBe(false);
    expect(existsSync(join(dir, ".claude", "hooks"))).toBe(false);
    expect(result.created.every((p) => /^\.claude\/(agents|skills)\//.test(p))).toBe(true);
  });

  it("--only hooks installs every registered script, executable, with LF endings", async () => {
    const dir = newProject();

    await install(dir, { only: ["hooks"], stack: "python" });
    const scripts = readdirSync(join(dir, ".claude", "hooks"));

    expect(scripts.sort()).toEqual(["check-python.mjs", "guard-shell.mjs", "project-commands.mjs"]);
    for (const script of scripts) {
      const path = join(dir, ".claude", "hooks", script);
      expect(readFileSync(path, "utf8")).not.toContain("\r");
      if (process.platform !== "win32") expect(statSync(path).mode & 0o111).toBe(0o111);
    }
    expectWellFormedHooks(JSON.parse(readSettings(dir)), dir);
  });

  it.each(STACKS)("installs the %s set with common, each hook registered once", async (stack) => {
    const dir = newProject();

    const result = await install(dir, { stack });
    const settings = JSON.parse(readSettings(dir));

    expect(result.created).toContain(".claude/skills/first-failure/scripts/first-failure.mjs");
    expect(settings.hooks.PostToolUse).toHaveLength(1);
    expect(Object.keys(settings.hooks).sort()).toEqual([
      "PostToolUse",
      "PreToolUse",
      "SessionStart",
      "Stop",
    ]);
    if (validateSettings) expect(validateSettings(settings)).toBe(true);
  });

  it("ends with a summary and the note to restart Claude Code and check /hooks", async () => {
    const out = recorder();

    await install(newProject(), {}, out);

    expect(out.lines.at(-2)).toMatch(
      /^Claude Code templates \(common \+ typescript\): files \d+ created/,
    );
    expect(out.lines.at(-1)).toContain("Restart Claude Code");
    expect(out.lines.at(-1)).toContain("/hooks");
  });

  it("after --only agents, says to check /agents, not /hooks", async () => {
    const out = recorder();

    await install(newProject(), { only: ["agents"] }, out);

    expect(out.lines.at(-1)).toBe("Restart Claude Code in this project, then check /agents.");
  });

  it("after --only skills,commands, names /skills and the / menu", async () => {
    const out = recorder();

    await install(newProject(), { only: ["skills", "commands"] }, out);

    expect(out.lines.at(-1)).toContain("/skills");
    expect(out.lines.at(-1)).toContain("commands");
    expect(out.lines.at(-1)).not.toContain("/hooks");
  });

  it("refuses a project folder that does not exist", async () => {
    await expect(install(join(sandbox, "nowhere"))).rejects.toThrow(/is not a folder/);
  });
});

describe("installed hooks run as registered", () => {
  it("the guard blocks through its settings command, in a project path with spaces", async () => {
    const dir = newProject();
    await install(dir, { only: ["hooks"] });
    const command = JSON.parse(readSettings(dir)).hooks.PreToolUse[0].hooks[0].command;
    const input = JSON.stringify({
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      cwd: join(dir, ".claude"),
      tool_input: { command: "rm -rf .." },
    });

    const result = spawnSync("sh", ["-c", command], {
      input,
      encoding: "utf8",
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, HOME: sandbox, CLAUDE_PROJECT_DIR: dir },
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("whole project");
  });
});
