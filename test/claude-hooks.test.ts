import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const hook = (set: string, name: string) => join(root, "templates", "claude", set, "hooks", name);
const sandbox = mkdtempSync(join(tmpdir(), "ctb-hooks-"));
const nodeOnlyPath = dirname(process.execPath);

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

/** A fresh project folder (with a space in its name) holding the given files. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(sandbox, name, "my project");
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}

/** A stand-in for a tool, as a Node script on PATH, so tests need no Go, PHP or ruff. */
function fakeTool(dir: string, name: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `#!/usr/bin/env node\nconst fs = require("node:fs");\n${body}\n`);
  chmodSync(file, 0o755);
}

function runHook(
  script: string,
  input: Record<string, unknown>,
  env: Record<string, string | undefined> = {},
) {
  const result = spawnSync(process.execPath, [script], {
    input: JSON.stringify({
      session_id: "s1",
      transcript_path: join(sandbox, "t.jsonl"),
      ...input,
    }),
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: sandbox, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const decision = (stdout: string) => JSON.parse(stdout) as { decision?: string; reason?: string };

describe("project-commands.mjs at SessionStart", () => {
  const script = hook("common", "project-commands.mjs");
  const start = (dir: string, cwd = dir) =>
    runHook(
      script,
      { hook_event_name: "SessionStart", source: "startup", cwd },
      { CLAUDE_PROJECT_DIR: dir },
    );

  it("prints the package manager's commands for a Node project", () => {
    const dir = project("node", {
      "package.json": JSON.stringify({
        scripts: { test: "vitest run", typecheck: "tsc --noEmit", dev: "tsx watch src" },
      }),
      "pnpm-lock.yaml": "",
    });

    const { code, stdout } = start(dir);

    expect(code).toBe(0);
    expect(stdout).toContain("- test: `pnpm test`");
    expect(stdout).toContain("- type check: `pnpm run typecheck`");
    expect(stdout).toContain("- run (dev): `pnpm run dev`");
  });

  it("prints go commands for a Go module, from a subfolder cwd", () => {
    const dir = project("go", {
      "go.mod": "module example.com/bot\n",
      "cmd/bot/main.go": "package main\n",
    });

    const { stdout } = start(dir, join(dir, "cmd", "bot"));

    expect(stdout).toContain("`go test ./...`");
    expect(stdout).toContain("`go vet ./...`");
  });

  it("runs Python tools through uv when the project uses it", () => {
    const dir = project("python", {
      "pyproject.toml":
        '[project]\nname = "bot"\n[tool.pytest.ini_options]\n' +
        'asyncio_mode = "auto"\n[tool.ruff]\nline-length = 100\n',
      "uv.lock": "",
    });

    const { stdout } = start(dir);

    expect(stdout).toContain("`uv run pytest`");
    expect(stdout).toContain("`uv run ruff check .`");
  });

  it("prints composer scripts for a PHP project", () => {
    const dir = project("php", {
      "composer.json": JSON.stringify({ scripts: { test: "phpunit" } }),
    });

    expect(start(dir).stdout).toContain("`composer test`");
  });

  it("ignores npm's placeholder test script and stays silent without any project file", () => {
    const placeholder = project("placeholder", {
      "package.json": JSON.stringify({
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
      }),
    });
    const empty = project("empty", { "notes.txt": "" });

    expect(start(placeholder).stdout).toBe("");
    expect(start(empty).stdout).toBe("");
  });
});

describe("project-commands.mjs at Stop", () => {
  const script = hook("common", "project-commands.mjs");
  const stop = (dir: string, active = false) =>
    runHook(
      script,
      { hook_event_name: "Stop", stop_hook_active: active, cwd: dir },
      { CLAUDE_PROJECT_DIR: dir },
    );
  const testScript = (exitCode: number) =>
    `node -e "require('fs').writeFileSync('ran.txt','1');` +
    `console.log('FAIL src/throttle.test.ts');process.exit(${exitCode})"`;

  it("sends failing tests back to Claude as a block with the output's tail", () => {
    const dir = project("stop-fail", {
      "package.json": JSON.stringify({ scripts: { test: testScript(1) } }),
    });

    const { code, stdout } = stop(dir);

    expect(code).toBe(0);
    expect(decision(stdout).decision).toBe("block");
    expect(decision(stdout).reason).toContain("npm test");
    expect(decision(stdout).reason).toContain("FAIL src/throttle.test.ts");
  });

  it("returns at once when stop_hook_active is set, without running the tests", () => {
    const dir = project("stop-active", {
      "package.json": JSON.stringify({ scripts: { test: testScript(1) } }),
    });

    const { code, stdout } = stop(dir, true);

    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(existsSync(join(dir, "ran.txt"))).toBe(false);
  });

  it("stays silent when the tests pass", () => {
    const dir = project("stop-pass", {
      "package.json": JSON.stringify({ scripts: { test: testScript(0) } }),
    });

    const { stdout } = stop(dir);

    expect(stdout).toBe("");
    expect(existsSync(join(dir, "ran.txt"))).toBe(true);
  });

  it("skips the tests when the git working tree has no changes", () => {
    const dir = project("stop-clean", {
      "package.json": JSON.stringify({ scripts: { test: testScript(1) } }),
      ".gitignore": "ran.txt\n",
    });
    const git = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], {
        cwd: dir,
      });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "init");

    const { stdout } = stop(dir);

    expect(stdout).toBe("");
    expect(existsSync(join(dir, "ran.txt"))).toBe(false);
  });
});

describe("check-typescript.mjs after an edit", () => {
  const script = hook("typescript", "check-typescript.mjs");
  const dir = project("ts", {
    "tsconfig.json": JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true },
      include: ["src"],
    }),
    "src/ok.ts": "export const ok: number = 1;\n",
    "src/wrong.ts": "export const  count:number = 'three'\n",
    "src/other.ts": "import { ok } from './ok';\nexport const sum = ok + 1;\n",
  });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(
    join(root, "node_modules", "prettier"),
    join(dir, "node_modules", "prettier"),
    "junction",
  );
  symlinkSync(
    join(root, "node_modules", "typescript"),
    join(dir, "node_modules", "typescript"),
    "junction",
  );
  const edited = (file: string) =>
    runHook(
      script,
      {
        hook_event_name: "PostToolUse",
        tool_name: "Edit",
        cwd: join(dir, "src"),
        tool_input: { file_path: join(dir, file), old_string: "a", new_string: "b" },
        tool_response: { filePath: join(dir, file), success: true },
      },
      { CLAUDE_PROJECT_DIR: dir },
    );

  it("formats the file with the project's Prettier and reports its type errors", () => {
    const { code, stdout } = edited("src/wrong.ts");

    expect(code).toBe(0);
    expect(decision(stdout).decision).toBe("block");
    expect(decision(stdout).reason).toMatch(/src\/wrong\.ts\(1,14\): error TS2322/);
    expect(readFileSync(join(dir, "src/wrong.ts"), "utf8")).toBe(
      'export const count: number = "three";\n',
    );
  });

  it("stays silent for a clean file, even when another file of the project has errors", () => {
    expect(edited("src/other.ts").stdout).toBe("");
  });

  it("stays silent for files it does not check and for paths that do not exist here", () => {
    const windows = runHook(script, {
      hook_event_name: "PostToolUse",
      tool_name: "Write",
      tool_input: { file_path: "C:\\Users\\Dev\\My Bot\\src\\bot.ts", content: "x" },
    });

    expect(edited("tsconfig.json").stdout).toBe("");
    expect(windows).toMatchObject({ code: 0, stdout: "" });
  });

  it("does nothing in a project without its own Prettier or TypeScript", () => {
    const bare = project("ts-bare", { "src/x.ts": "export const  x:number = 'y'\n" });

    const result = runHook(script, {
      hook_event_name: "PostToolUse",
      tool_name: "Write",
      tool_input: { file_path: join(bare, "src/x.ts"), content: "" },
    });

    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(readFileSync(join(bare, "src/x.ts"), "utf8")).toBe("export const  x:number = 'y'\n");
  });
});

describe("check-go.mjs after an edit", () => {
  const script = hook("go", "check-go.mjs");
  const bin = join(sandbox, "go-bin");
  fakeTool(
    bin,
    "gofmt",
    `const f = process.argv.at(-1); if (fs.readFileSync(f, "utf8").includes("BROKEN")) { ` +
      `console.error(f + ":3:1: expected declaration, found BROKEN"); process.exit(2); }`,
  );
  fakeTool(
    bin,
    "go",
    `if (fs.readFileSync("main.go", "utf8").includes("Printf(\\"%d\\", \\"x\\")")) { ` +
      `console.error("./main.go:5:2: fmt.Printf format %d ` +
      `has arg \\"x\\" of wrong type string"); process.exit(1); }`,
  );
  const edit = (dir: string, path = `${bin}${delimiter}${nodeOnlyPath}`) =>
    runHook(
      script,
      {
        hook_event_name: "PostToolUse",
        tool_name: "Write",
        cwd: dir,
        tool_input: { file_path: join(dir, "main.go"), content: "" },
      },
      { PATH: path },
    );

  it("reports gofmt's syntax errors and go vet's findings", () => {
    const broken = project("go-broken", {
      "go.mod": "module x\n",
      "main.go": "package main\nBROKEN\n",
    });
    const vet = project("go-vet", {
      "go.mod": "module x\n",
      "main.go": 'package main\nfunc main() {\n\tfmt.Printf("%d", "x")\n}\n',
    });

    expect(decision(edit(broken).stdout).reason).toContain("expected declaration");
    expect(decision(edit(vet).stdout).reason).toContain("go vet:");
  });

  it("is silent for a clean file and when Go is not installed", () => {
    const clean = project("go-clean", { "go.mod": "module x\n", "main.go": "package main\n" });
    const broken = project("go-nogo", {
      "go.mod": "module x\n",
      "main.go": "package main\nBROKEN\n",
    });

    expect(edit(clean)).toMatchObject({ code: 0, stdout: "" });
    expect(edit(broken, nodeOnlyPath)).toMatchObject({ code: 0, stdout: "" });
  });
});

describe("check-python.mjs after an edit", () => {
  const script = hook("python", "check-python.mjs");
  const ruff =
    `const [cmd, ...rest] = process.argv.slice(2); const f = rest.at(-1); ` +
    `if (cmd === "check" && fs.readFileSync(f, "utf8").includes("import os")) { ` +
    `console.log(f + ":1:8: F401 [*] \`os\` imported but unused"); process.exit(1); }`;
  const edit = (dir: string, env: Record<string, string> = { PATH: nodeOnlyPath }) =>
    runHook(
      script,
      {
        hook_event_name: "PostToolUse",
        tool_name: "Edit",
        cwd: dir,
        tool_input: {
          file_path: join(dir, "bot", "handlers.py"),
          old_string: "a",
          new_string: "b",
        },
      },
      { CLAUDE_PROJECT_DIR: dir, ...env },
    );

  it("uses ruff from the project's virtualenv and reports lint findings", () => {
    const dir = project("py-venv", { "pyproject.toml": "", "bot/handlers.py": "import os\n" });
    fakeTool(join(dir, ".venv", "bin"), "ruff", ruff);

    expect(decision(edit(dir).stdout).reason).toContain("F401");
  });

  it("falls back to ruff on PATH, and is silent without ruff", () => {
    const dir = project("py-path", { "pyproject.toml": "", "bot/handlers.py": "import os\n" });
    const bin = join(sandbox, "ruff-bin");
    fakeTool(bin, "ruff", ruff);

    expect(
      decision(edit(dir, { PATH: `${bin}${delimiter}${nodeOnlyPath}` }).stdout).reason,
    ).toContain("F401");
    expect(edit(dir)).toMatchObject({ code: 0, stdout: "" });
  });
});

describe("check-php.mjs after an edit", () => {
  const script = hook("wordpress", "check-php.mjs");
  const bin = join(sandbox, "php-bin");
  fakeTool(
    bin,
    "php",
    `const args = process.argv.slice(2); const f = args.at(-1); ` +
      `const text = fs.readFileSync(f, "utf8");\n` +
      `if (args[0] === "-l") { if (text.includes("BROKEN")) { ` +
      `console.log("PHP Parse error: syntax error, unexpected identifier in " + f + ` +
      `" on line 3"); process.exit(255); } ` +
      `console.log("No syntax errors detected in " + f); process.exit(0); }\n` +
      `if (args[0].endsWith("phpcs") && text.includes("echo $_GET")) { ` +
      `console.log(f + ":3:6: error - All output should be run through an escaping function ` +
      `(WordPress.Security.EscapeOutput.OutputNotEscaped)"); process.exit(2); }`,
  );
  const edit = (dir: string, path = `${bin}${delimiter}${nodeOnlyPath}`) =>
    runHook(
      script,
      {
        hook_event_name: "PostToolUse",
        tool_name: "Write",
        cwd: dir,
        tool_input: { file_path: join(dir, "includes", "class-bot.php"), content: "" },
      },
      { CLAUDE_PROJECT_DIR: dir, PATH: path },
    );

  it("reports php -l syntax errors", () => {
    const dir = project("php-syntax", { "includes/class-bot.php": "<?php\n\nBROKEN\n" });

    expect(decision(edit(dir).stdout).reason).toContain("PHP Parse error");
  });

  it("runs phpcs only when the project has phpcs and a ruleset", () => {
    const files = {
      "includes/class-bot.php": "<?php\n\necho $_GET['q'];\n",
      "vendor/bin/phpcs": "",
    };
    const withRuleset = project("php-sniff", { ...files, "phpcs.xml.dist": "<ruleset/>" });
    const withoutRuleset = project("php-nosniff", files);

    expect(decision(edit(withRuleset).stdout).reason).toContain("EscapeOutput");
    expect(edit(withoutRuleset).stdout).toBe("");
  });

  it("is silent when PHP is not installed", () => {
    const dir = project("php-none", { "includes/class-bot.php": "<?php\n\nBROKEN\n" });

    expect(edit(dir, nodeOnlyPath)).toMatchObject({ code: 0, stdout: "" });
  });
});
