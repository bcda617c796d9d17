import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CreatedPaths, inspectFolder, listForHumans } from "../src/folders.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "ctb-folders-"));
}

describe("inspectFolder", () => {
  it("reports a folder that does not exist", () => {
    expect(inspectFolder(join(tempDir(), "new")).kind).toBe("missing");
  });

  it("accepts a folder with only a .git folder and harmless files", () => {
    const dir = tempDir();
    mkdirSync(join(dir, ".git"));
    for (const file of [".gitignore", "LICENSE", "README.md"]) writeFileSync(join(dir, file), "");
    mkdirSync(join(dir, ".vscode"));

    expect(inspectFolder(dir)).toEqual({
      kind: "usable",
      harmless: [".git", ".gitignore", ".vscode", "LICENSE", "README.md"],
    });
  });

  it("accepts a worktree's .git file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".git"), "gitdir: /elsewhere/.git/worktrees/x\n");

    expect(inspectFolder(dir).kind).toBe("usable");
  });

  it("lists every other file as a conflict", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeFileSync(join(dir, "README.md"), "mine");
    mkdirSync(join(dir, "src"));

    expect(inspectFolder(dir)).toEqual({ kind: "conflicts", conflicts: ["notes.txt", "src"] });
  });

  it("refuses a path that is a file", () => {
    const file = join(tempDir(), "file");
    writeFileSync(file, "");

    expect(inspectFolder(file).kind).toBe("not-a-folder");
  });
});

describe("listForHumans", () => {
  it("shortens long lists", () => {
    expect(listForHumans(["a", "b", "c"], 2)).toBe("a, b and 1 more");
  });
});

describe("CreatedPaths", () => {
  it("removes a folder it created, whole", () => {
    const dir = join(tempDir(), "new");
    const created = new CreatedPaths(dir);
    mkdirSync(join(dir, "src"), { recursive: true });

    created.removeAll();

    expect(inspectFolder(dir).kind).toBe("missing");
  });

  it("removes only what the run added to a folder the user made", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "mine.ts"), "");
    writeFileSync(join(dir, "notes.txt"), "");
    const created = new CreatedPaths(dir);
    created.claim(join(dir, "src", "bot.ts"));
    writeFileSync(join(dir, "src", "bot.ts"), "");
    writeFileSync(join(dir, "package.json"), "{}");
    mkdirSync(join(dir, "node_modules"));

    created.removeAll();

    expect(readdirSync(dir).sort()).toEqual(["notes.txt", "src"]);
    expect(readdirSync(join(dir, "src"))).toEqual(["mine.ts"]);
  });
});
