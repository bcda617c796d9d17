import type { Logger } from "./logger.js";

export interface ShutdownSteps {
  /** Time in-flight updates get to finish after a stop begins, in seconds. */
  deadlineSeconds: number;
  logger: Logger;
  /** Stops fetching updates. */
  stopIntake(): void;
  /** Resolves when no update is in flight. */
  drained(): Promise<void>;
  /** What is still running; logged when the bot cannot wait any longer. */
  inFlight(): unknown[];
  /** Closes HTTP connections and the database. Runs once, after the intake stopped. */
  close(): void;
}

export interface Shutdown {
  /**
   * Stops fetching updates, waits for in-flight ones up to the deadline, then closes
   * everything. Resolves with the exit code: `exitCode` (default 0) when all updates
   * finished in time, 1 when the deadline passed. Later calls return the same promise.
   */
  stop(reason: string, exitCode?: number): Promise<number>;
  /**
   * Gives up at once: logs what is still running, closes everything and resolves with 1.
   * Does nothing once the bot has stopped.
   */
  forceStop(reason: string): Promise<number>;
  /** Resolves with the exit code once stopped. */
  readonly finished: Promise<number>;
}

/** Graceful stop with a deadline. Safe to call any number of times, from anywhere. */
export function createShutdown(steps: ShutdownSteps): Shutdown {
  const { logger } = steps;
  let state: "running" | "draining" | "stopped" = "running";
  let deadline: NodeJS.Timeout | undefined;
  let settle: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (settle = resolve));

  function finish(exitCode: number): void {
    if (state === "stopped") return;
    state = "stopped";
    clearTimeout(deadline);
    try {
      steps.close();
    } catch (error) {
      logger.error({ event: "close_failed", error: String(error) });
      exitCode = 1;
    }
    settle(exitCode);
  }

  function giveUp(event: string, reason: string): void {
    logger.error({ event, reason, stillRunning: steps.inFlight() });
    finish(1);
  }

  return {
    stop(reason, exitCode = 0) {
      if (state !== "running") return finished;
      state = "draining";
      const startedAt = Date.now();
      logger.info({ event: "shutdown_started", reason, inFlight: steps.inFlight().length });
      steps.stopIntake();

      deadline = setTimeout(
        () => giveUp("shutdown_deadline_passed", reason),
        steps.deadlineSeconds * 1000,
      );
      void steps.drained().then(() => {
        if (state !== "draining") return;
        logger.info({ event: "shutdown_finished", reason, durationMs: Date.now() - startedAt });
        finish(exitCode);
      });
      return finished;
    },

    forceStop(reason) {
      if (state === "stopped") return finished;
      if (state === "running") steps.stopIntake();
      giveUp("shutdown_forced", reason);
      return finished;
    },

    finished,
  };
}

/**
 * Process wiring for `main.ts`: the first SIGINT or SIGTERM stops gracefully, a second
 * one forces the stop. A crash (uncaught exception, unhandled rejection) is logged once
 * and forces the stop too.
 */
export function stopOnSignals(shutdown: Shutdown, logger: Logger): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) void shutdown.stop(signal);
    else void shutdown.forceStop(`second ${signal}`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const onCrash = (error: unknown) => {
    logger.fatal({ event: "crashed", error: describeCrash(error) });
    void shutdown.forceStop("crashed");
  };
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
}

function describeCrash(error: unknown): { message: string; stack?: string } {
  return error instanceof Error
    ? { message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) }
    : { message: String(error) };
}
