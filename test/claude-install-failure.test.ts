import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { installClaude } from "../src/claude/index.js";
import { CliError } from "../src/errors.js";

/** Paths whose writes fail with EACCES, as on a read-only `.claude/hooks` (root ignores chmod). */
const denied: RegExp[] = [];
/** Every path written or renamed onto, in order. */
const written: string[] = [];

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const guarded =
    <A extends unknown[], R>(target: (...args: A) => string, call: (...args: A) => R) =>
    (...args: A): R => {
      const path = target(...args);
      if (denied.some((pattern) => pattern.test(path))) {
        const error = new Error(`EACCES: permission denied, open '${path}'`);
        throw Object.assign(error, { code: "EACCES", path });
      }
      const result = call(...args);
      written.push(path);
      return result;
    };
  const writeFileSync = guarded(
    (path: fs.PathOrFileDescriptor) => String(path),
    real.writeFileSync as (...args: unknown[]) => void,
  );
  const renameSync = guarded(
    (_from: fs.PathLike, to: fs.PathLike) => String(to),
    real.renameSync as (...args: unknown[]) => void,
  );
  return { ...real, default: { ...real, writeFileSync, renameSync }, writeFileSync, renameSync };
});

const sandbox = fs.mkdtempSync(join(tmpdir(), "ctb-claude-failure-"));
let count = 0;

afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));
beforeEach(() => {
  denied.length = 0;
  written.length = 0;
});

function newProject(): string {
  const dir = join(sandbox, `project ${++count}`);
  fs.mkdirSync(join(dir, ".claude"), { recursive: true });
  fs.writeFileSync(join(dir, ".claude", "settings.json"), '{"model": "opus"}\n');
  return dir;
}

function install(projectDir: string) {
  const out = { info: () => {}, warn: () => {} };
  return installClaude(
    { projectDir, stack: "typescript", local: false, dryRun: false, force: false },
    out,
  );
}

/** Every file and folder below `dir`, with the content of each file. */
function tree(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        entries[relative(dir, path) + "/"] = "";
        walk(path);
      } else {
        entries[relative(dir, path)] = fs.readFileSync(path, "utf8");
      }
    }
  };
  walk(dir);
  return entries;
}

describe("an install that cannot write a file", () => {
  it("says which file and what to do in one line, and removes the files it created", async () => {
    const dir = newProject();
    denied.push(/[\\/]\.claude[\\/]hooks[\\/]guard-shell\.mjs$/);
    const before = tree(dir);

    const error = await install(dir).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(1);
    expect((error as CliError).message).toMatch(
      /^cannot write \.claude\/hooks\/guard-shell\.mjs: permission denied; .+, then run again/,
    );
    expect((error as CliError).message).not.toContain("\n");
    expect(tree(dir)).toEqual(before);
  });

  it("leaves the settings untouched when the settings file itself cannot be written", async () => {
    const dir = newProject();
    denied.push(/[\\/]\.claude[\\/]settings\.json$/);
    const before = tree(dir);

    await expect(install(dir)).rejects.toThrow(
      /^cannot write \.claude\/settings\.json: permission denied; /,
    );

    expect(tree(dir)).toEqual(before);
  });

  it("writes the settings file last, after every script it registers", async () => {
    const dir = newProject();

    await install(dir);

    expect(written.at(-1)).toBe(join(dir, ".claude", "settings.json"));
    expect(written.filter((path) => path.endsWith(".mjs")).length).toBeGreaterThan(3);
  });
});
