import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import manifest from "../package.json" with { type: "json" };
import {
  binFolder,
  envWithoutGitIdentity,
  listFiles,
  makeFolder,
  packedCli,
  runCli,
  tempDir,
  userEnv,
} from "./support/cli.js";

const quiet = ["--no-install", "--no-git"];

describe("help and version", () => {
  it.each([["--help"], ["-h"], ["--", "--help"]])(
    "%j prints usage and creates nothing",
    async (...args) => {
      const cwd = tempDir();

      const result = await runCli(args, { cwd });

      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("create-throttled-bot [dir] [options]");
      expect(result.stdout).toContain("--pm");
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it.each([["--version"], ["-v"]])("%s prints the version and creates nothing", async (flag) => {
    const cwd = tempDir();

    const result = await runCli([flag], { cwd });

    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("usage errors exit 2 with one line and create nothing", () => {
  it.each([
    [["my-bot", "--bogus"], "unknown option --bogus"],
    [["my-bot", "--pm", "pip"], '--pm must be one of "npm", "pnpm", "yarn", "bun"'],
    [["my-bot", "pnpm"], "put -- before options"],
    [[], "no folder given"],
    [["   "], "is empty; pick a name"],
    [["claude", "--stack", "rust"], '--stack must be one of "typescript", "go"'],
    [["claude", ".", "--stack", "go", "--only", "agents,docs"], "--only takes"],
  ])("%j", async (args, message) => {
    const cwd = tempDir();

    const result = await runCli(args, { cwd });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("scaffolding without a terminal", () => {
  it("--yes without a folder creates ./my-bot", async () => {
    const cwd = tempDir();

    const result = await runCli(["--yes", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    expect(existsSync(join(cwd, "my-bot", "src", "main.ts"))).toBe(true);
  });

  it("writes dotfiles under their real names", async () => {
    const cwd = tempDir();

    await runCli(["bot", ...quiet], { cwd });

    const files = listFiles(join(cwd, "bot"));
    expect(files).toContain(".gitignore");
    expect(files).toContain(".env.example");
    expect(files.filter((file) => file.split("/").pop()!.startsWith("_"))).toEqual([]);
    expect(files.filter((file) => file.endsWith(".ejs"))).toEqual([]);
  });

  it("converts the folder name into a valid package name and says so", async () => {
    const cwd = tempDir();

    const result = await runCli(["Ünïcødé Bøt", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("package name is 'unicode-bot'");
    const pkg = JSON.parse(readFileSync(join(cwd, "Ünïcødé Bøt", "package.json"), "utf8"));
    expect(pkg.name).toBe("unicode-bot");
  });

  it("keeps a scope in package.json and writes into the bare name's folder", async () => {
    const cwd = tempDir();

    const result = await runCli(["@acme/support-bot", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    const pkg = JSON.parse(readFileSync(join(cwd, "support-bot", "package.json"), "utf8"));
    expect(pkg.name).toBe("@acme/support-bot");
  });

  it("cannot break generated files with quotes or template syntax in the name", async () => {
    const cwd = tempDir();
    const hostile = "a'b`c${x}%= y %$(touch pwned)";

    const result = await runCli([hostile, ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    const dir = readdirSync(cwd)[0]!;
    const pkg = JSON.parse(readFileSync(join(cwd, dir, "package.json"), "utf8"));
    expect(pkg.name).toMatch(/^[a-z0-9][a-z0-9._~-]*$/);
    expect(readFileSync(join(cwd, dir, "README.md"), "utf8")).not.toContain("<%");
    expect(readdirSync(cwd)).toEqual([hostile]);
  });

  it.each([["</script><b>"], ["<x>/../escaped"], ["/<tmp>/abs"], ["a\\b"], ["bad\nname"]])(
    "refuses %j instead of cleaning it into another path",
    async (name) => {
      const parent = tempDir();
      const cwd = join(parent, "cwd");
      mkdirSync(cwd);

      const result = await runCli([name, ...quiet], { cwd });

      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain("not allowed in folder names");
      expect(readdirSync(parent)).toEqual(["cwd"]);
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it("'.' uses the current folder and prints no cd", async () => {
    const cwd = join(tempDir(), "here-bot");
    mkdirSync(cwd);

    const result = await runCli([".", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    expect(existsSync(join(cwd, "package.json"))).toBe(true);
    expect(result.stdout).not.toContain("cd ");
  });

  it("quotes a path with spaces in the next steps", async () => {
    const cwd = tempDir();

    const result = await runCli(["my new bot", ...quiet], { cwd });

    expect(result.stdout).toContain("cd 'my new bot'");
  });

  it("prints no colour codes when the output is not a terminal", async () => {
    const cwd = tempDir();

    const result = await runCli(["bot", ...quiet], { cwd });

    expect(result.stdout + result.stderr).not.toContain("\u001b[");
  });

  it.each([
    ["inside a file", "taken/bot", "a part of the path is a file"],
    ["with a name too long for the file system", "b".repeat(300), "the name is too long"],
  ])("a folder %s fails in one line and leaves nothing behind", async (_, name, reason) => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "taken"), "mine");

    const result = await runCli([name, ...quiet], { cwd });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(
      result.stderr
        .trim()
        .split("\n")
        .filter((line) => line.startsWith("error:")),
    ).toHaveLength(1);
    expect(readdirSync(cwd)).toEqual(["taken"]);
  });

  it("refuses a path that is a file", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "taken"), "mine");

    const result = await runCli(["taken", ...quiet], { cwd });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("not a folder");
    expect(readFileSync(join(cwd, "taken"), "utf8")).toBe("mine");
  });
});

describe("next steps follow the package manager that ran the command", () => {
  it.each([
    ["npm/11.19.1 node/v20.20.2 linux x64", ["npm install", "npm run demo", "npm run dev"]],
    ["pnpm/9.15.0 npm/? node/v20.20.2 linux x64", ["pnpm install", "pnpm demo", "pnpm dev"]],
    ["yarn/1.22.22 npm/? node/v20.20.2 linux x64", ["  yarn\n", "yarn demo", "yarn dev"]],
    ["bun/1.2.0 npm/? node/v22.0.0 linux x64", ["bun install", "bun demo", "bun dev"]],
  ])("%s", async (userAgent, expected) => {
    const cwd = tempDir();

    const result = await runCli(["bot", ...quiet], {
      cwd,
      env: userEnv({ npm_config_user_agent: userAgent }),
    });

    for (const line of expected) expect(result.stdout).toContain(line);
  });

  it("--pm wins over the user agent", async () => {
    const cwd = tempDir();

    const result = await runCli(["bot", "--pm", "bun", ...quiet], {
      cwd,
      env: userEnv({ npm_config_user_agent: "pnpm/9.15.0 npm/? node/v20.20.2" }),
    });

    expect(result.stdout).toContain("bun dev");
  });
});

describe("existing folders", () => {
  it("refuses a non-empty folder without a terminal, listing and keeping its files", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "busy");
    makeFolder(dir, { "notes.txt": "mine", "src/index.ts": "mine" });

    const result = await runCli(["busy", ...quiet], { cwd });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("notes.txt");
    expect(result.stderr).toContain("--force");
    expect(listFiles(dir)).toEqual(["notes.txt", "src/index.ts"]);
  });

  it("--force writes into it, keeps the user's other files and never touches .git", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "busy");
    makeFolder(dir, { "notes.txt": "mine", ".git/HEAD": "ref: refs/heads/mine\n" });

    const result = await runCli(["busy", "--force", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/mine\n");
    expect(existsSync(join(dir, "src", "main.ts"))).toBe(true);
  });

  it("--force says which files it replaced and still extends the user's .gitignore", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "busy");
    makeFolder(dir, {
      "package.json": '{"name":"mine"}',
      ".gitignore": "secret.txt\r\n",
      "notes.txt": "mine",
    });

    const result = await runCli(["busy", "--force", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("replaced 1 of your files: package.json");
    const ignore = readFileSync(join(dir, ".gitignore"), "utf8");
    expect(ignore.startsWith("secret.txt\r\n")).toBe(true);
    expect(ignore).toContain("node_modules/\r\n");
  });

  it("uses a folder of harmless files, keeping the README and extending .gitignore", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "fresh");
    makeFolder(dir, { "README.md": "# Mine\n", ".gitignore": "secret.txt", LICENSE: "MIT" });

    const result = await runCli(["fresh", ...quiet], { cwd });

    expect(result.exitCode).toBe(0);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# Mine\n");
    const ignore = readFileSync(join(dir, ".gitignore"), "utf8");
    expect(ignore.startsWith("secret.txt\n")).toBe(true);
    expect(ignore).toContain("node_modules");
    expect(ignore).toContain(".env");
  });
});

describe("install", () => {
  it("streams the package manager's output and reports success", async () => {
    const cwd = tempDir();
    const bin = binFolder({ npm: 'echo "fake npm ran: $*"' });

    const result = await runCli(["bot", "--no-git"], { cwd, env: userEnv({ PATH: bin }) });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("fake npm ran: install");
    expect(result.stdout).not.toContain("npm install\n");
  });

  it("a failed install exits 1, keeps the files and says how to finish", async () => {
    const cwd = tempDir();
    const bin = binFolder({ npm: "echo 'network down' >&2; exit 7" });

    const result = await runCli(["bot", "--no-git"], { cwd, env: userEnv({ PATH: bin }) });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("cd bot && npm install");
    expect(existsSync(join(cwd, "bot", "src", "main.ts"))).toBe(true);
  });

  it("a missing package manager is a warning with the manual steps, not a crash", async () => {
    const cwd = tempDir();
    const bin = binFolder();

    const result = await runCli(["bot", "--pm", "pnpm", "--no-git"], {
      cwd,
      env: userEnv({ PATH: bin }),
    });

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("pnpm is not on PATH");
    expect(result.stdout).toContain("pnpm install");
    expect(result.stderr).not.toContain("ENOENT");
  });

  it("Ctrl+C during install removes what the run created and exits 130", async () => {
    const cwd = tempDir();
    const marker = join(cwd, "install-started");
    const bin = binFolder({ npm: `/usr/bin/touch '${marker}'; exec /bin/sleep 30` });
    const child = execa(process.execPath, [packedCli, "bot", "--no-git"], {
      cwd,
      env: userEnv({ PATH: bin }),
      extendEnv: false,
      stdin: "ignore",
      reject: false,
    });
    await waitFor(() => existsSync(marker));

    child.kill("SIGINT");
    const result = await child;

    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain("cancelled");
    expect(readdirSync(cwd)).toEqual(["install-started"]);
  });
});

describe("git", () => {
  it("initialises a repository with a first commit", async () => {
    const cwd = tempDir();

    const result = await runCli(["bot", "--no-install"], { cwd });

    expect(result.exitCode).toBe(0);
    const log = await execa("git", ["log", "--oneline"], { cwd: join(cwd, "bot"), env: userEnv() });
    expect(log.stdout.split("\n")).toHaveLength(1);
  });

  it("skips the commit with git's own reason when no identity is set, still exit 0", async () => {
    const cwd = tempDir();

    const result = await runCli(["bot", "--no-install"], { cwd, env: envWithoutGitIdentity() });

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("first commit skipped");
    expect(result.stderr).toMatch(/fatal: .*(identity|email|name)/i);
    expect(existsSync(join(cwd, "bot", ".git"))).toBe(true);
  });

  it("never nests a repository inside an existing one", async () => {
    const cwd = tempDir();
    await execa("git", ["init", "-q"], { cwd });

    const result = await runCli(["bot", "--no-install"], { cwd });

    expect(result.exitCode).toBe(0);
    expect(existsSync(join(cwd, "bot", ".git"))).toBe(false);
  });

  it("--no-git leaves git alone", async () => {
    const cwd = tempDir();

    await runCli(["bot", ...quiet], { cwd });

    expect(existsSync(join(cwd, "bot", ".git"))).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
