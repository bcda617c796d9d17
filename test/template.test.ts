import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../src/scaffold.js";
import { dumpTree, runCli, tempDir } from "./support/cli.js";

const root = join(import.meta.dirname, "..");
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"));

describe("the bot template", () => {
  it("asks for the same dependency versions this repository develops and tests it with", () => {
    const repo = readJson("package.json");
    const bot = readJson("templates/bot/package.json");
    const botDependencies = { ...bot.dependencies, ...bot.devDependencies };

    const expected = Object.fromEntries(
      Object.keys(botDependencies).map((name) => [name, repo.devDependencies[name]]),
    );

    expect(botDependencies).toEqual(expected);
  });

  it("is written byte for byte as the committed snapshot shows", async () => {
    const cwd = tempDir();

    const result = await runCli(["snapshot-bot", "--yes", "--no-install", "--no-git"], { cwd });

    expect(result.exitCode).toBe(0);
    await expect(dumpTree(join(cwd, "snapshot-bot"))).toMatchFileSnapshot(
      "__snapshots__/generated-bot.txt",
    );
  });
});

describe("escapeMarkdown", () => {
  it("escapes what Markdown would read as formatting and leaves dashes and dots alone", () => {
    expect(escapeMarkdown("@team/my_bot~v2.0-beta")).toBe("@team/my\\_bot\\~v2.0-beta");
  });
});
