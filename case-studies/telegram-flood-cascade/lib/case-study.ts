import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureRun, type RunMetrics } from "./measure.js";
import { buildBots, type BotName } from "./build-bots.js";
import { runBot, type BotRun } from "./run-bot.js";
import { incidentTraffic, type Traffic } from "./traffic.js";

export type { BotName };

export interface CaseStudyOptions {
  /** Length of the traffic, in seconds. Default 30. */
  seconds?: number;
  /** Time each bot gets after the traffic before SIGTERM, in ms. Default 8000. */
  drainMs?: number;
  /** Lengthen the flood waits of chats that keep sending during one. Default true. */
  escalateFloodWaits?: boolean;
  seed?: number;
  /** Called before each run starts. */
  onRunStart?: (name: BotName) => void;
}

export interface BotResult {
  metrics: RunMetrics;
  run: BotRun;
  /** The bot's log (its standard output), kept after the run. */
  logPath: string;
}

export interface CaseStudy {
  traffic: Traffic;
  settings: Required<Omit<CaseStudyOptions, "onRunStart">> & { latencyMs: number };
  naive: BotResult;
  throttled: BotResult;
}

/** Round trip to Telegram imitated by the fake, in ms: a typical figure from a server. */
const LATENCY_MS = 40;

/** Plays the same incident-shaped traffic to the naive bot, then to the generated bot. */
export async function runCaseStudy(options: CaseStudyOptions = {}): Promise<CaseStudy> {
  const settings = {
    seconds: options.seconds ?? 30,
    drainMs: options.drainMs ?? 8000,
    escalateFloodWaits: options.escalateFloodWaits ?? true,
    seed: options.seed ?? 2026,
    latencyMs: LATENCY_MS,
  };
  const traffic = incidentTraffic({ seconds: settings.seconds, seed: settings.seed });
  const logDir = await mkdtemp(join(tmpdir(), "flood-cascade-logs-"));
  const scripts = await buildBots();

  const play = async (name: BotName): Promise<BotResult> => {
    options.onRunStart?.(name);
    const logPath = join(logDir, `${name}.log`);
    const run = await runBot({
      script: scripts[name],
      traffic,
      drainMs: settings.drainMs,
      latencyMs: settings.latencyMs,
      escalateFloodWaits: settings.escalateFloodWaits,
      logPath,
    });
    return { metrics: measureRun(run, traffic), run, logPath };
  };

  const naive = await play("naive");
  const throttled = await play("throttled");
  return { traffic, settings, naive, throttled };
}
