import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  startFakeBotApi,
  type ApiCall,
  type FakeBotApiStats,
} from "../../../templates/bot/test/support/fake-bot-api.js";
import { escalateFloodWaits } from "./flood-escalation.js";
import { residentMb } from "./process-memory.js";
import type { Traffic } from "./traffic.js";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

/** A token of Telegram's form; the fake accepts any such token. */
const TOKEN = "123456:" + "A".repeat(35);
/** The button data of the generated bot's count button. */
const BUTTON_DATA = "show-count";

export interface BotRunOptions {
  /** The bot's entry file (JavaScript), run in its own process with `node`. */
  script: string;
  traffic: Traffic;
  /** Time the bot gets after the last update before it is sent SIGTERM, in ms. */
  drainMs: number;
  /**
   * Ends the drain early once this returns true (checked every 100 ms). Default: never, so
   * every bot gets the full drain time.
   */
  settled?: (calls: readonly ApiCall[]) => boolean;
  /** Round-trip time the fake adds to every answer, in ms. */
  latencyMs: number;
  /** Lengthen the flood wait of chats that keep sending during one (see flood-escalation). */
  escalateFloodWaits: boolean;
  /** File that receives the bot's standard output (its log). */
  logPath: string;
  /** Milliseconds between two samples of memory and sockets. Default 100. */
  sampleEveryMs?: number;
  /** Extra environment variables for the bot. */
  env?: Record<string, string>;
}

/** An update pushed into the fake, with the time it was pushed (ms since the epoch). */
export interface PushedUpdate {
  updateId: number;
  userId: number;
  kind: "text" | "press";
  pushedAt: number;
  /** Set for button presses. */
  callbackQueryId?: string;
}

export interface Sample {
  at: number;
  rssMb: number | undefined;
  openSockets: number;
}

export interface BotRun {
  /** When the first update was pushed, ms since the epoch; times in reports count from here. */
  trafficStartedAt: number;
  trafficEndedAt: number;
  /** When SIGTERM was sent. */
  stopSentAt: number;
  /** When the process had exited. */
  exitedAt: number;
  exitCode: number | null;
  pushed: PushedUpdate[];
  calls: ApiCall[];
  fakeStats: FakeBotApiStats;
  samples: Sample[];
  floodEscalations: number;
  /** Updates the bot never confirmed: Telegram hands them out again at the next start. */
  unconfirmedUpdateIds: number[];
  log: string;
  stderr: string;
}

/**
 * Runs one bot against a fresh fake Bot API: starts the bot's process, waits until it
 * polls, pushes the traffic on schedule, lets it drain, stops it with SIGTERM (SIGKILL 20 s
 * later) and returns everything recorded. Memory is the bot process's; sockets are the
 * connections the fake sees, all of them the bot's.
 */
export async function runBot(options: BotRunOptions): Promise<BotRun> {
  const fake = await startFakeBotApi({ latencyMs: options.latencyMs });
  const dataDir = await mkdtemp(join(tmpdir(), "flood-cascade-"));
  const logFd = openSync(options.logPath, "w");
  const child = spawn(process.execPath, [options.script], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      DATABASE_PATH: join(dataDir, "bot.sqlite"),
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", logFd, "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const exitedEarly = exited.then((code) => {
    throw new Error(`${options.script} exited with ${code} before polling:\n${stderr}`);
  });
  exitedEarly.catch(() => undefined);

  try {
    await Promise.race([
      fake.waitFor(() => fake.callsOf("getUpdates").length > 0, {
        timeoutMs: 60_000,
        description: `${options.script} to start polling`,
      }),
      exitedEarly,
    ]);

    const samples: Sample[] = [];
    const sampler = setInterval(() => {
      const rssMb = child.pid === undefined ? undefined : residentMb(child.pid);
      samples.push({ at: Date.now(), rssMb, openSockets: fake.stats().openSockets });
    }, options.sampleEveryMs ?? 100);
    const escalation = options.escalateFloodWaits ? escalateFloodWaits(fake) : undefined;

    const pushed: PushedUpdate[] = [];
    const trafficStartedAt = Date.now();
    for (const update of options.traffic.updates) {
      const due = trafficStartedAt + update.atMs - Date.now();
      if (due > 0) await sleep(due);

      const from = { id: update.userId };
      const sent =
        update.kind === "text"
          ? fake.sendText(from, `note ${pushed.length + 1}`)
          : fake.pressButton(from, BUTTON_DATA);
      pushed.push({
        updateId: sent.update_id,
        userId: update.userId,
        kind: update.kind,
        pushedAt: Date.now(),
        ...(sent.callback_query ? { callbackQueryId: sent.callback_query.id } : {}),
      });
    }
    const trafficEndedAt = Date.now();

    await sleep(Math.max(0, trafficStartedAt + options.traffic.durationMs - Date.now()));
    const drainEnd = Date.now() + options.drainMs;
    while (Date.now() < drainEnd && !options.settled?.(fake.calls)) await sleep(100);
    const stopSentAt = Date.now();
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const exitCode = await exited;
    const exitedAt = Date.now();
    clearTimeout(killer);
    clearInterval(sampler);
    escalation?.stop();

    return {
      trafficStartedAt,
      trafficEndedAt,
      stopSentAt,
      exitedAt,
      exitCode,
      pushed,
      calls: fake.calls.map((call) => ({ ...call })),
      fakeStats: fake.stats(),
      samples,
      floodEscalations: escalation?.count() ?? 0,
      unconfirmedUpdateIds: fake.unconfirmedUpdates().map((u) => u.update_id),
      log: readFileSync(options.logPath, "utf8"),
      stderr,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    closeSync(logFd);
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
