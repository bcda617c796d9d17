import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "./support/bot-process.js";

function demo(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(PROJECT_DIR, "demo", "run.ts"), ...args],
    { cwd: PROJECT_DIR, encoding: "utf8", timeout: 30_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the demo's arguments", () => {
  it("prints its usage and exits 0 on --help, without running", () => {
    const { code, stdout, stderr } = demo("--help");

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Offline burst demo .*usage: npm run demo .*--json.*\n$/);
    expect(stderr).toBe("");
  });

  it("refuses an unknown argument with one line and the usage, exit code 2", () => {
    const { code, stdout, stderr } = demo("--json", "--bogus");

    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('Unknown argument "--bogus"; usage: npm run demo [-- --json | --help]\n');
  });
});
