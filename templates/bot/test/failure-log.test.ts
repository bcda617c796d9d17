import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFailureLog } from "../src/failure-log.js";
import { createLogger } from "../src/logger.js";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: "info",
    secrets: [],
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { lines, failures: createFailureLog(logger, 60_000) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("failure log", () => {
  it("logs the first failure of a cascade with its cause and only counts the repeats", () => {
    const { lines, failures } = capture();

    for (let i = 0; i < 1000; i++) {
      failures.report("telegram_unreachable:sendMessage", { event: "telegram_unreachable", i });
    }

    expect(lines).toEqual([expect.objectContaining({ event: "telegram_unreachable", i: 0 })]);
    expect(failures.total()).toBe(1000);
  });

  it("logs again after a quiet minute, with the number of repeats in between", () => {
    const { lines, failures } = capture();
    failures.report("k", { event: "e" });
    failures.report("k", { event: "e" });
    failures.report("k", { event: "e" });
    vi.advanceTimersByTime(60_001);

    failures.report("k", { event: "e" });

    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ event: "e", repeats: 2 });
  });

  it("logs different kinds of failure separately", () => {
    const { lines, failures } = capture();

    failures.report("a", { event: "a" });
    failures.report("b", { event: "b" }, "error");

    expect(lines.map((line) => [line.event, line.level])).toEqual([
      ["a", "warn"],
      ["b", "error"],
    ]);
  });
});
