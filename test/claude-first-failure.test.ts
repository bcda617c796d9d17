import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  analyzeLog,
  formatReport,
} from "../templates/claude/common/skills/first-failure/scripts/first-failure.mjs";

const script = join(
  import.meta.dirname,
  "..",
  "templates",
  "claude",
  "common",
  "skills",
  "first-failure",
  "scripts",
  "first-failure.mjs",
);
const logs = join(import.meta.dirname, "fixtures", "claude", "logs");
const log = (name: string) => readFileSync(join(logs, name), "utf8");

describe("first-failure on the incident's journal (aiogram bot under systemd)", () => {
  const result = analyzeLog(log("incident-journal.log"));

  it("the first failure is the 429 flood-control traceback, not the louder errors after it", () => {
    expect(result.firstFailure?.line).toBe(19);
    expect(result.firstFailure?.summary).toContain("TelegramRetryAfter");
    expect(result.firstFailure?.text).toContain("Retry in 28 seconds");
  });

  it("orders the cascade: timeout, unclosed sessions, locked database, OOM kill, restart", () => {
    const summaries = result.timeline.map((entry) => entry.summary);
    const position = (text: string) => summaries.findIndex((s) => s.includes(text));

    expect(position("TimeoutError")).toBeGreaterThan(0);
    expect(position("Unclosed client session")).toBeGreaterThan(position("TimeoutError"));
    expect(position("database is locked")).toBeGreaterThan(position("Unclosed client session"));
    expect(position("Out of memory")).toBeGreaterThan(position("database is locked"));
    expect(position("Started bot.service")).toBeGreaterThan(position("Out of memory"));
  });

  it("folds the repeated 'database is locked' lines into one entry with a count", () => {
    const locked = result.timeline.find((entry) => entry.summary.startsWith("Failed to save user"));

    expect(locked?.count).toBe(9);
  });

  it("finds the crash cycle and its period of about 140 minutes", () => {
    expect(result.pattern?.cycles).toBe(4);
    expect(result.pattern?.repeating).toBe(4);
    expect(result.pattern?.periodSeconds).toBeGreaterThan(138 * 60);
    expect(result.pattern?.periodSeconds).toBeLessThan(142 * 60);
    expect(formatReport(result)).toContain("every ~140 min");
  });
});

describe("first-failure on other log shapes", () => {
  it("takes a Python traceback as one failure and names its exception", () => {
    const result = analyzeLog(log("python-traceback.log"));

    expect(result.firstFailure?.line).toBe(3);
    expect(result.firstFailure?.summary).toBe("KeyError: 'BOT_TOKEN'");
    expect(result.firstFailure?.text.split("\n")).toHaveLength(10);
  });

  it("finds the error of a Node crash under its source excerpt, with the stack", () => {
    const result = analyzeLog(log("node-stack.log"));

    expect(result.firstFailure?.summary).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(result.firstFailure?.text).toContain("at echo (/srv/bot/dist/handlers/echo.js:14:35)");
  });

  it("keeps a Go panic and its goroutine dump together, after timestamped log lines", () => {
    const result = analyzeLog(log("go-panic.log"));

    expect(result.firstFailure?.line).toBe(4);
    expect(result.firstFailure?.summary).toMatch(/^panic: runtime error: invalid memory address/);
    expect(result.firstFailure?.text).toContain("goroutine 37 [running]:");
    expect(result.firstFailure?.text).toContain("exit status 2");
  });

  it("reads systemd journal lines and finds a restart loop every 50 minutes", () => {
    const result = analyzeLog(log("systemd-journal.log"));

    expect(result.firstFailure?.summary).toBe("connect ECONNREFUSED 127.0.0.1:6379");
    expect(result.firstFailure?.source).toBe("worker");
    expect(result.pattern?.periodSeconds).toBe(50 * 60);
    expect(result.timeline.some((entry) => entry.summary.includes("Scheduled restart job"))).toBe(
      true,
    );
  });

  it("reads pino JSON lines: a 429 warning opens every cycle, every 10 minutes", () => {
    const result = analyzeLog(log("pino.jsonl"));

    expect(result.firstFailure?.level).toBe("warn");
    expect(result.firstFailure?.summary).toBe("Too Many Requests: retry after 31");
    expect(result.timeline[1].summary).toContain("GrammyError");
    expect(result.pattern?.periodSeconds).toBe(600);
    expect(result.pattern?.repeating).toBe(6);
  });

  it("does not count warnings or info lines that name no failure", () => {
    const text = [
      "2024-05-14T10:00:00Z INFO retrying is enabled",
      "2024-05-14T10:00:01Z WARN config key 'x' is deprecated",
      "2024-05-14T10:00:02Z INFO update handled",
    ].join("\n");

    expect(analyzeLog(text).firstFailure).toBeNull();
  });
});

describe("first-failure command line", () => {
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [script, ...args], { input, encoding: "utf8" });

  it("prints the report for a file given as argument", () => {
    const result = run([join(logs, "incident-journal.log")]);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^First failure: line 19, May 14 10:12:07/);
    expect(result.stdout).toContain("Repeating pattern: 4 of 4 cycles");
  });

  it("reads stdin when no file is given and prints JSON with --json", () => {
    const result = run(["--json"], log("pino.jsonl"));
    const parsed = JSON.parse(result.stdout);

    expect(parsed.firstFailure.line).toBe(9);
    expect(parsed.pattern.periodSeconds).toBe(600);
  });

  it("exits 1 when the log has no failure, and 2 on a bad option or a missing file", () => {
    expect(run([], "2024-05-14T10:00:00Z INFO all good\n").status).toBe(1);
    expect(run(["--gap", "soon"], "").status).toBe(2);
    expect(run([join(logs, "missing.log")]).stderr).toContain("cannot read");
  });
});
