import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const guard = join(
  import.meta.dirname,
  "..",
  "templates",
  "claude",
  "common",
  "hooks",
  "guard-shell.mjs",
);

// A project on branch main, with a space in its path, and a home folder beside it.
const sandbox = mkdtempSync(join(tmpdir(), "ctb-guard-"));
const home = join(sandbox, "home");
const project = join(home, "work", "my bot");
mkdirSync(join(project, "src"), { recursive: true });
mkdirSync(join(project, ".git"), { recursive: true });
writeFileSync(join(project, ".git", "HEAD"), "ref: refs/heads/main\n");
const feature = join(sandbox, "feature-repo");
mkdirSync(join(feature, ".git"), { recursive: true });
writeFileSync(join(feature, ".git", "HEAD"), "ref: refs/heads/feature/login\n");

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

interface Run {
  tool?: "Bash" | "PowerShell";
  cwd?: string;
  projectDir?: string;
  homeDir?: string;
}

function runGuard(command: string, run: Run = {}) {
  const input = {
    session_id: "3f0c2a1e",
    transcript_path: join(sandbox, "transcript.jsonl"),
    cwd: run.cwd ?? project,
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: run.tool ?? "Bash",
    tool_input: { command, description: "run a command" },
  };
  const result = spawnSync(process.execPath, [guard], {
    input: JSON.stringify(input),
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: run.homeDir ?? home,
      CLAUDE_PROJECT_DIR: run.projectDir ?? project,
    },
  });
  return { code: result.status, reason: result.stderr };
}

const blocked = (command: string, run?: Run) =>
  expect(runGuard(command, run).code, command).toBe(2);
const allowed = (command: string, run?: Run) => {
  const result = runGuard(command, run);
  expect(result.code, `${command}: ${result.reason}`).toBe(0);
};

describe("guard-shell: recursive deletes", () => {
  it.each([
    "rm -rf /",
    "rm -fr /",
    "rm -r -f /",
    "rm --recursive --force /",
    "rm -Rf /*",
    "sudo rm -rf --no-preserve-root /",
    "/bin/rm -rf //",
    "\\rm -rf ~",
    "command rm -rf ~/",
    'rm -rf "$HOME"',
    "rm -rf ${HOME}/*",
    "r'm' -rf /",
    "$'rm' -rf /",
    '"rm" -r -f "/"',
    "rm -rf .",
    "rm -rf ./*",
    "rm -rf *",
    "rm -rf -- .",
    'rm -rf "$PWD"',
    "rm -rf $(pwd)",
    "rm -rf `pwd`",
    "cd / && rm -rf *",
    "cd .. && rm -rf 'my bot'",
    'bash -c "rm -rf /"',
    "sh -lc 'rm -Rf ~'",
    'eval "rm -rf /"',
    "echo $(rm -rf ~)",
    "timeout 5 nice -n 10 rm -rf /",
    "env FOO=1 rm -rf /",
    'rm -rf "$BUILD_DIR/"',
    "find / -delete",
    "find ~ -type f -exec rm -f {} +",
    "true; rm -rf ~\n",
    "$'\\162m' -rf ~",
    "$'\\x72\\x6d' -rf ~",
    "$'\\u0072m' -rf /",
    "rm -rf .git",
    "rm -rf ./.git/",
    'rm -rf "$PWD/.git"',
    "git clean -fdx",
    "git clean -xfd",
    "git clean -f -d -X",
    "git clean --force -x",
  ])("blocks %j", (command) => blocked(command));

  it("blocks deleting the project by its absolute path with a space in it", () => {
    blocked(`rm -rf "${project}"`);
    blocked(`rm -rf ${project.replaceAll(" ", "\\ ")}`);
  });

  it("blocks deleting a folder that contains the project or the home folder", () => {
    blocked(`rm -rf "${join(home, "work")}"`);
    blocked(`rm -rf "${sandbox}"`);
  });

  it.each(["rm -rf ..", "rm -rf ../*", "rm -rf ../../'my bot'"])(
    "blocks %j from a subfolder of the project",
    (command) => blocked(command, { cwd: join(project, "src") }),
  );

  it.each([
    "rm -rf node_modules dist",
    "rm -rf ./build",
    "rm -rf build 2>/dev/null",
    'rm -rf "${BUILD_DIR:?}/"',
    "rm -f /tmp/ctb-cache.json",
    "rm -rf /tmp/ctb-scratch",
    "find . -name '*.pyc' -delete",
    "git clean -n",
    "git clean -ndx",
    "rm -rf .github/workflows/old",
    "echo $'a\\tb'",
  ])("lets %j pass", (command) => allowed(command));

  it.each(["rm -rf ../src", "rm -rf ./*", "rm -rf __pycache__"])(
    "lets %j pass in a subfolder of the project",
    (command) => allowed(command, { cwd: join(project, "src") }),
  );
});

describe("guard-shell: PowerShell and Windows paths", () => {
  const windows: Run = {
    tool: "PowerShell",
    cwd: "C:\\Users\\Dev\\My Bot",
    projectDir: "C:\\Users\\Dev\\My Bot",
    homeDir: "C:\\Users\\Dev",
  };

  it.each([
    "Remove-Item -Recurse -Force C:\\",
    "Remove-Item -Recurse -Force $HOME",
    "Remove-Item -Path:$env:USERPROFILE -Recurse",
    "rm -r -fo ~",
    "ri -rec -fo .",
    'Remove-Item -Recurse -Force "C:\\Users\\Dev\\My Bot"',
    "Remove-Item -Recurse 'c:/users/dev/my bot/'",
    'cmd /c "rd /s /q C:\\"',
    "cmd /c rd /s /q C:\\Users\\Dev",
    'powershell -NoProfile -Command "Remove-Item -Recurse -Force C:\\"',
    "pwsh -EncodedCommand " +
      Buffer.from("Remove-Item -Recurse -Force C:\\", "utf16le").toString("base64"),
    'iex "rm -r -fo /"',
    "Get-Content .env",
    "gc .\\.env.production",
    "Write-Output $env:BOT_TOKEN",
    "$env:TELEGRAM_BOT_TOKEN",
    "Get-ChildItem env:",
    "git push --force origin main",
    "[Environment]::GetEnvironmentVariable('BOT_TOKEN')",
    '[System.Environment]::GetEnvironmentVariable("API_KEY", "User")',
    "Write-Output ([Environment]::GetEnvironmentVariable('BOT_TOKEN'))",
    "[Environment]::GetEnvironmentVariables()",
  ])("blocks %j", (command) => blocked(command, windows));

  it("blocks deleting the project from a subfolder with ..", () => {
    blocked("Remove-Item -Recurse -Force ..", { ...windows, cwd: "C:\\Users\\Dev\\My Bot\\src" });
  });

  it.each([
    "Remove-Item -Recurse -Force .\\dist",
    "Remove-Item -Recurse -Force ..\\node_modules",
    "Get-Content README.md",
    "npm test; Get-ChildItem",
    "Get-Content .env.example",
    "[Environment]::GetEnvironmentVariable('PATH')",
  ])("lets %j pass", (command) => allowed(command, { ...windows, cwd: "C:\\Users\\Dev\\My Bot" }));

  it("understands Git Bash spellings of Windows paths", () => {
    const gitBash: Run = { ...windows, tool: "Bash" };

    blocked("rm -rf /c/Users/Dev/My\\ Bot", gitBash);
    blocked('rm -rf "C:\\Users\\Dev\\My Bot"', gitBash);
    blocked('cmd //c "rd /s /q C:\\\\"', gitBash);
    allowed('rm -rf "/c/Users/Dev/My Bot/dist"', gitBash);
  });
});

describe("guard-shell: deleting main or master", () => {
  it.each([
    "git branch -D main",
    "git branch -d master",
    "git branch --delete --force master",
    "git branch -f -d main",
    "git update-ref -d refs/heads/main",
    "git update-ref --no-deref -d refs/heads/master",
    "git push origin :main",
    "git push --delete origin main",
    "git push -d origin refs/heads/master",
  ])("blocks %j", (command) => blocked(command));

  it.each([
    "git branch -d feature",
    "git branch -D fix/429 old-main",
    "git branch main-v2",
    "git update-ref -d refs/heads/feature",
    "git push --delete origin feature/x",
  ])("lets %j pass", (command) => allowed(command));
});

describe("guard-shell: force pushes to main", () => {
  it.each([
    "git push --force origin main",
    "git push -f origin master",
    "git push origin main --force",
    "git push origin +main",
    "git push --force-with-lease origin HEAD:main",
    "git push -uf origin",
    "git push -f",
    "git push origin :main",
    "git push origin --delete master",
    "git push --mirror",
    "git -c core.askPass=x push --force origin refs/heads/main",
  ])("blocks %j", (command) => blocked(command));

  it("reads the current branch of the folder given with -C", () => {
    allowed(`git -C "${feature}" push --force`);
    blocked(`git -C "${project}" push --force`);
  });

  it.each([
    "git push origin main",
    "git push --force origin feature/x",
    "git push -u origin fix/429",
  ])("lets %j pass", (command) => allowed(command));
});

describe("guard-shell: databases", () => {
  it.each([
    'psql -c "DROP DATABASE bot"',
    "mysql -e 'drop schema app'",
    'echo "DROP DATABASE bot;" | psql',
    "dropdb bot",
    "mysqladmin -u root drop app",
    "wp db drop --yes",
    "wp db reset --yes",
    "php artisan migrate:fresh",
    "npx prisma migrate reset --force",
    'mongosh --eval "db.dropDatabase()"',
    "redis-cli FLUSHALL",
  ])("blocks %j", (command) => blocked(command));

  it.each([
    'git commit -m "docs: never drop database in tests"',
    "psql -c 'select count(*) from users'",
    "sqlite3 data/bot.db .tables",
    "wp db export backup.sql",
  ])("lets %j pass", (command) => allowed(command));
});

describe("guard-shell: secrets", () => {
  it.each([
    "cat .env",
    "cat ./.env.local",
    "head -n 5 .env.production",
    "grep TOKEN .env",
    "less config/.env",
    "cat ~/.npmrc",
    "cat ~/.ssh/id_ed25519",
    "echo $BOT_TOKEN",
    'echo "token is ${TELEGRAM_BOT_TOKEN}"',
    "printf '%s' $API_KEY",
    "printenv",
    "printenv BOT_TOKEN",
    "env",
    "env | grep TOKEN",
    "export -p",
    "declare -x",
    'node -e "console.log(process.env.BOT_TOKEN)"',
    "python3 -c 'import os; print(os.environ[\"BOT_TOKEN\"])'",
    "cat /proc/self/environ",
    "cp .env /dev/stdout",
    "cp ./.env.local /dev/stderr",
    "dd if=.env",
    "tee < .env",
    "tee </srv/bot/.env",
    "sort 0< .env.production",
    "while read l; do echo $l; done < .env",
    "while IFS= read -r line; do printf '%s\\n' \"$line\"; done <config/.env",
    "git show HEAD:.env",
    "git show main:config/.env.production",
    "git cat-file -p HEAD:.env",
    "git diff HEAD~1 -- .env",
    "cat .e*",
    "head .en?",
    "cat .[e]nv",
    "less config/.env*",
    "cat /etc/bot.env",
    "cat /etc/default/production.env",
    "node -p process.env.BOT_TOKEN",
    "node -p 'process.env[\"BOT_TOKEN\"]'",
    'node -e "console.log(process.env.X_TOKEN)"',
    "node -p process.env",
    "bun -p process.env.API_KEY",
  ])("blocks %j", (command) => blocked(command));

  it.each([
    "cat .env.example",
    "cp .env.example .env",
    "source .env && npm start",
    'test -n "$BOT_TOKEN" && echo set',
    'echo "${BOT_TOKEN:+set}"',
    "echo $HOME",
    "grep -rn BOT_TOKEN src",
    "export NODE_ENV=test",
    "cat README.md",
    "node -p 1+1",
    "node -p process.env.NODE_ENV",
    "grep -r TODO src",
    "cp .env /tmp/ctb-env-backup",
    "cat .env.ex*",
    "cat 'notes[1'",
    "ls src/*.[jt]s",
    "cat src/*.ts",
    "git show HEAD:README.md",
    "git diff -- src",
    "tee out.txt < build.log",
    "while read l; do echo $l; done < hosts.txt",
    "sort < .env > /tmp/ctb-sorted-env",
  ])("lets %j pass", (command) => allowed(command));
});

describe("guard-shell: ordinary work and its own failures", () => {
  it.each([
    "npm test",
    "npx tsc --noEmit",
    "git status && git diff --stat",
    "ls -la | head",
    "go test ./...",
    "pytest -q",
    "node .claude/skills/first-failure/scripts/first-failure.mjs logs/bot.log",
    "docker compose up -d",
  ])("lets %j pass", (command) => allowed(command));

  it("names the rule in its reason", () => {
    const result = runGuard("rm -rf ~");

    expect(result.reason).toContain("home folder");
    expect(result.reason).toContain("guard-shell hook");
  });

  it("blocks when its input is not JSON (fails closed)", () => {
    const result = spawnSync(process.execPath, [guard], { input: "not json", encoding: "utf8" });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain("could not check");
  });

  it("ignores tools without a command", () => {
    const input = JSON.stringify({
      hook_event_name: "PreToolUse",
      tool_name: "Bash",
      tool_input: {},
    });

    const result = spawnSync(process.execPath, [guard], { input, encoding: "utf8" });

    expect(result.status).toBe(0);
  });
});
