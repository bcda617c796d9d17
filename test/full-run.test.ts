import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { packedCli, tempDir, userEnv } from "./support/cli.js";

const minutes = 60_000;

/**
 * What a user does first: the packed tarball scaffolds a bot with a real
 * install, then the bot's own type check, tests and offline demo must pass.
 * npm prefers its cache (filled by this repository's own install) and falls
 * back to the registry.
 */
describe("one full run from the packed tarball", () => {
  const cwd = tempDir("ctb-full-");
  const project = join(cwd, "full-bot");
  const env = userEnv({ npm_config_prefer_offline: "true", npm_config_fund: "false" });
  const inProject = (command: string, args: string[]) =>
    execa(command, args, { cwd: project, env, extendEnv: false, stdin: "ignore", all: true });

  it("scaffolds and installs", { timeout: 15 * minutes }, async () => {
    const result = await execa(process.execPath, [packedCli, "full-bot", "--yes", "--no-git"], {
      cwd,
      env,
      extendEnv: false,
      stdin: "ignore",
      reject: false,
      all: true,
    });

    expect(result.exitCode, result.all).toBe(0);
    expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).name).toBe("full-bot");
  });

  it("passes its type check", { timeout: 5 * minutes }, async () => {
    const result = await inProject("npm", ["run", "typecheck"]);

    expect(result.exitCode).toBe(0);
  });

  it("passes its own tests", { timeout: 10 * minutes }, async () => {
    const result = await inProject("npm", ["test"]);

    expect(result.exitCode).toBe(0);
  });

  it(
    "runs its offline demo, accounting for every update, with no 429",
    { timeout: 5 * minutes },
    async () => {
      const result = await inProject("npm", ["run", "demo", "--", "--json"]);

      const last = result.stdout.trim().split("\n").pop()!;
      const numbers = JSON.parse(last);
      expect(Object.keys(numbers).sort()).toEqual([
        "handled",
        "peakInFlight",
        "peakRssMb",
        "rateLimited",
        "replies",
        "throttled",
        "updates",
      ]);
      expect(numbers.handled + numbers.throttled).toBe(numbers.updates);
      expect(numbers.updates).toBeGreaterThan(0);
      expect(numbers.rateLimited).toBe(0);
    },
  );
});
