import { describe, expect, it } from "vitest";
import { installCommand, isOnPath, pkgFromUserAgent, runCommand } from "../src/package-manager.js";

describe("pkgFromUserAgent", () => {
  it.each([
    ["npm/11.19.1 node/v20.20.2 linux x64 workspaces/false", "npm"],
    ["pnpm/9.15.0 npm/? node/v20.20.2 linux x64", "pnpm"],
    ["yarn/1.22.22 npm/? node/v20.20.2 linux x64", "yarn"],
    ["yarn/4.5.0 npm/? node/v20.20.2 linux x64", "yarn"],
    ["bun/1.2.0 npm/? node/v22.0.0 linux x64", "bun"],
    ["cnpm/9.0.0 node/v20", "npm"],
    ["", "npm"],
    [undefined, "npm"],
  ])("%j means %s", (userAgent, expected) => {
    expect(pkgFromUserAgent(userAgent)).toBe(expected);
  });
});

describe("commands per package manager", () => {
  it.each([
    ["npm", "npm install", "npm run dev"],
    ["pnpm", "pnpm install", "pnpm dev"],
    ["yarn", "yarn", "yarn dev"],
    ["bun", "bun install", "bun dev"],
  ] as const)("%s installs with '%s' and starts with '%s'", (pm, install, dev) => {
    expect(installCommand(pm).join(" ")).toBe(install);
    expect(runCommand(pm, "dev")).toBe(dev);
  });
});

describe("isOnPath", () => {
  it("finds node on this machine's PATH", () => {
    expect(isOnPath("node")).toBe(true);
  });

  it("does not find a command that no folder on PATH holds", () => {
    expect(isOnPath("no-such-command-ctb", { PATH: "/usr/bin:/bin" })).toBe(false);
  });

  it("ignores empty PATH entries instead of looking in the current folder", () => {
    expect(isOnPath("package.json", { PATH: "::" })).toBe(false);
  });
});
