import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../src/logger.js";
import { createShutdown, type ShutdownSteps } from "../src/shutdown.js";

function setup(deadlineSeconds = 10) {
  const lines: Array<Record<string, unknown>> = [];
  let finishInFlight = () => {};
  const drained = new Promise<void>((resolve) => (finishInFlight = resolve));
  const steps: ShutdownSteps = {
    deadlineSeconds,
    logger: createLogger({
      level: "info",
      secrets: [],
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    }),
    stopIntake: vi.fn(),
    drained: () => drained,
    inFlight: () => [{ updateId: 42 }],
    close: vi.fn(),
  };
  return { steps, shutdown: createShutdown(steps), finishInFlight, lines };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("shutdown", () => {
  it("stops the intake, waits for in-flight updates, then closes and resolves 0", async () => {
    const { steps, shutdown, finishInFlight } = setup();

    const stopped = shutdown.stop("SIGTERM");
    await vi.advanceTimersByTimeAsync(1000);
    const closedBeforeDrain = vi.mocked(steps.close).mock.calls.length;
    finishInFlight();

    expect(await stopped).toBe(0);
    expect(steps.stopIntake).toHaveBeenCalledTimes(1);
    expect(closedBeforeDrain).toBe(0);
    expect(steps.close).toHaveBeenCalledTimes(1);
  });

  it("is harmless to call twice", async () => {
    const { steps, shutdown, finishInFlight } = setup();

    const first = shutdown.stop("SIGTERM");
    const second = shutdown.stop("again");
    finishInFlight();

    expect(await first).toBe(0);
    expect(await second).toBe(0);
    expect(steps.stopIntake).toHaveBeenCalledTimes(1);
    expect(steps.close).toHaveBeenCalledTimes(1);
  });

  it("gives up at the deadline: logs what still runs, closes and resolves 1", async () => {
    const { steps, shutdown, lines } = setup(10);

    const stopped = shutdown.stop("SIGTERM");
    await vi.advanceTimersByTimeAsync(10_000);

    expect(await stopped).toBe(1);
    expect(steps.close).toHaveBeenCalledTimes(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: "shutdown_deadline_passed",
        stillRunning: [{ updateId: 42 }],
      }),
    );
  });

  it("gives up at once when forced during a graceful stop", async () => {
    const { steps, shutdown, lines } = setup();
    const stopped = shutdown.stop("SIGTERM");

    const forced = await shutdown.forceStop("second SIGTERM");

    expect(forced).toBe(1);
    expect(await stopped).toBe(1);
    expect(steps.close).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => line.event)).toContain("shutdown_forced");
  });

  it("passes on a non-zero exit code for a stop caused by a failure", async () => {
    const { shutdown, finishInFlight } = setup();

    const stopped = shutdown.stop("polling_stopped", 1);
    finishInFlight();

    expect(await stopped).toBe(1);
  });
});
