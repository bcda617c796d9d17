import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { execa } from "execa";
import { inject } from "vitest";

/** bin/create-throttled-bot.js of the unpacked `npm pack` tarball. */
export const packedCli = inject("packedCli");

export function tempDir(prefix = "ctb-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * An environment as a user's shell has it, minus what the test runner adds:
 * no npm user agent, no colour forcing, and git settings that cannot leak in
 * from this machine's configuration.
 */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith("npm_") || key === "FORCE_COLOR") continue;
    if (key.startsWith("VITEST") || key === "NODE_OPTIONS") continue;
    env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_COUNT: "3",
    GIT_CONFIG_KEY_0: "user.name",
    GIT_CONFIG_VALUE_0: "Test User",
    GIT_CONFIG_KEY_1: "user.email",
    GIT_CONFIG_VALUE_1: "test@example.invalid",
    GIT_CONFIG_KEY_2: "init.defaultBranch",
    GIT_CONFIG_VALUE_2: "main",
    ...extra,
  };
}

/** Git with no identity at all: a commit must fail instead of guessing one from the host name. */
export function envWithoutGitIdentity(extra: Record<string, string> = {}): Record<string, string> {
  return userEnv({
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "user.useConfigOnly",
    GIT_CONFIG_VALUE_0: "true",
    ...extra,
  });
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the packed CLI without a terminal (stdin closed), as CI and scripts do. */
export async function runCli(
  args: string[],
  { cwd, env = userEnv() }: RunOptions,
): Promise<CliResult> {
  const result = await execa(process.execPath, [packedCli, ...args], {
    cwd,
    env,
    extendEnv: false,
    stdin: "ignore",
    reject: false,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A folder for PATH holding node (and git when asked) plus fake commands, so
 * a test controls exactly which package managers exist.
 */
export function binFolder(fakes: Record<string, string> = {}, { git = false } = {}): string {
  const dir = tempDir("ctb-bin-");
  symlinkSync(process.execPath, join(dir, "node"));
  if (git) symlinkSync("/usr/bin/git", join(dir, "git"));
  for (const [name, script] of Object.entries(fakes)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** Every file below `dir` with its content, sorted: one text a snapshot can hold. */
export function dumpTree(dir: string): string {
  return listFiles(dir)
    .map((file) => `=== ${file}\n${readFileSync(join(dir, file), "utf8")}`)
    .join("\n");
}

export function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === ".git" ? [".git/"] : listFiles(path, root);
      return [relative(root, path)];
    })
    .sort();
}

export function makeFolder(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
}
