import { describe, expect, it } from "vitest";
import { formatTargetDir, resolveProject, toPackageName, unsafeCharacter } from "../src/names.js";

describe("toPackageName", () => {
  it.each([
    ["my-bot", "my-bot"],
    ["My Bot", "my-bot"],
    ["MyBot", "mybot"],
    ["Ünïcødé Bøt", "unicode-bot"],
    ["Crème Brûlée", "creme-brulee"],
    ["  spaced   out  ", "spaced-out"],
    ["--a--b--", "a-b"],
    ["_private", "private"],
    [".hidden", "hidden"],
    ['it\'s "quoted"', "it-s-quoted"],
    ["${process.exit()}", "process.exit"],
    ["</script><b>", "script-b"],
    ["back\\slash", "back-slash"],
    ["!!!", "throttled-bot"],
    ["日本語", "throttled-bot"],
    ["", "throttled-bot"],
    ["http", "http-bot"],
    ["node_modules", "node_modules-bot"],
    ["a".repeat(300), "a".repeat(200)],
  ])("%j becomes %j", (input, expected) => {
    expect(toPackageName(input)).toBe(expected);
  });

  it("keeps a scope and converts both parts", () => {
    expect(toPackageName("Cool Bot", "My Team")).toBe("@my-team/cool-bot");
  });

  it("drops a scope that has nothing left", () => {
    expect(toPackageName("bot", "!!!")).toBe("bot");
  });
});

describe("formatTargetDir", () => {
  it.each([
    ["  my-bot  ", "my-bot"],
    ["my-bot/", "my-bot"],
    ["my-bot///", "my-bot"],
    ["nested/dir", "nested/dir"],
    [".", "."],
    ["/", "/"],
    ["   ", ""],
  ])("%j becomes %j", (input, expected) => {
    expect(formatTargetDir(input)).toBe(expected);
  });
});

describe("unsafeCharacter", () => {
  it.each([
    ["</script><b>", "<"],
    ["<ok>/../victim", "<"],
    ['a"b', '"'],
    ["a:b", ":"],
    ["a|b", "|"],
    ["a?b", "?"],
    ["a*b", "*"],
    ["a\\b", "\\"],
    ["\u0015term-bot", "\u0015"],
    ["line\nbreak", "\n"],
  ])("finds %j in %j", (input, expected) => {
    expect(unsafeCharacter(input, "linux")).toBe(expected);
  });

  it.each([["my-bot"], ["../bots/alpha"], ["@acme/bot"], ["Ünïcødé Bøt 🤖"], ["it's"]])(
    "accepts %j",
    (input) => {
      expect(unsafeCharacter(input, "linux")).toBeUndefined();
    },
  );

  it("accepts a drive letter and backslashes on Windows", () => {
    expect(unsafeCharacter("C:\\bots\\alpha", "win32")).toBeUndefined();
  });
});

describe("resolveProject", () => {
  it("uses the current folder's name for '.'", () => {
    expect(resolveProject(".", "/work/Team Bot")).toEqual({
      dir: "/work/Team Bot",
      packageName: "team-bot",
      asked: "Team Bot",
    });
  });

  it("writes @scope/name into folder name", () => {
    expect(resolveProject("@acme/Support Bot", "/work")).toEqual({
      dir: "/work/Support Bot",
      packageName: "@acme/support-bot",
      asked: "@acme/Support Bot",
    });
  });

  it("names the package after the last folder of a path", () => {
    expect(resolveProject("./bots/alpha", "/work")).toMatchObject({
      packageName: "alpha",
      asked: "alpha",
    });
  });
});
