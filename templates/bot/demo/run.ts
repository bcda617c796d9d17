/**
 * Offline demo: the bot's own code against the fake Bot API on 127.0.0.1, hit by a burst
 * of simulated users. No token, no network, a throw-away database.
 *
 *   npm run demo            a table
 *   npm run demo -- --json  the same numbers as JSON on the last line
 *   npm run demo -- --help  this usage
 *
 * Exit codes: 0 every update accounted for without a 429; 1 otherwise; 2 unknown argument.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { startBot } from "../src/app.js";
import type { Config } from "../src/config.js";
import { startFakeBotApi, type FakeBotApi, type FakeUser } from "../test/support/fake-bot-api.js";

const USERS = 40;
const UPDATES_PER_USER = 5;
// Each user's updates arrive this far apart: faster than the 1 s throttle window.
const USER_GAP_MS = 300;
const SETTLE_TIMEOUT_MS = 60_000;

const USAGE = "usage: npm run demo [-- --json | --help]";

const { json } = readArguments(process.argv.slice(2));
const fake = await startFakeBotApi();
const dataDir = mkdtempSync(join(tmpdir(), "throttled-bot-demo-"));
const config: Config = {
  // Shaped like a real token so validation passes; only the fake ever sees it.
  botToken: "123456789:" + "D".repeat(35),
  throttleWindowMs: 1000,
  throttleMaxUsers: 10_000,
  databasePath: join(dataDir, "bot.sqlite"),
  shutdownDeadlineSeconds: 10,
  logLevel: "warn",
  telegramApiRoot: fake.apiRoot,
};
const app = await startBot(config, { logDestination: pino.destination(2) });

let peakRssMb = 0;
const sampleRss = () => {
  peakRssMb = Math.max(peakRssMb, Math.round(process.memoryUsage.rss() / 1_048_576));
};
const rssTimer = setInterval(sampleRss, 50);
const startedAt = Date.now();

const sent = await sendBurst(fake);
await fake.waitFor(
  () => {
    const stats = app.stats();
    return stats.passed + stats.throttled + stats.duplicates === sent && stats.inFlight === 0;
  },
  { timeoutMs: SETTLE_TIMEOUT_MS, description: "every update to be handled or throttled" },
);
const seconds = (Date.now() - startedAt) / 1000;
sampleRss();
clearInterval(rssTimer);

const exitCode = await app.shutdown.stop("demo finished");
const stats = app.stats();
const answered = (method: string) =>
  fake.callsOf(method).filter((call) => call.status === 200).length;
const result = {
  updates: sent,
  handled: stats.passed,
  throttled: stats.throttled,
  replies: answered("sendMessage") + answered("answerCallbackQuery"),
  rateLimited: fake.stats().rateLimited,
  peakInFlight: stats.peakInFlight,
  peakRssMb,
};
await fake.close();
rmSync(dataDir, { recursive: true, force: true });

if (json) {
  console.log(JSON.stringify(result));
} else {
  printTable(result, seconds);
}
process.exit(exitCode === 0 && result.rateLimited === 0 ? 0 : 1);

/** `--json` and `--help`; any other argument ends the demo with exit code 2. */
function readArguments(args: string[]): { json: boolean } {
  const unknown = args.find((arg) => arg !== "--json" && arg !== "--help");
  if (unknown !== undefined) {
    console.error(`Unknown argument "${unknown}"; ${USAGE}`);
    process.exit(2);
  }
  if (args.includes("--help")) {
    console.log(`Offline burst demo against a fake Telegram on 127.0.0.1; ${USAGE}`);
    process.exit(0);
  }
  return { json: args.includes("--json") };
}

/** Every user sends /start, texts and a button press, USER_GAP_MS apart, all users at once. */
async function sendBurst(api: FakeBotApi): Promise<number> {
  const users: FakeUser[] = Array.from({ length: USERS }, (_, i) => ({
    id: 1000 + i,
    first_name: `User${i + 1}`,
  }));
  const script = (user: number, step: number) =>
    (user + step) % 5 === 0 ? "/start" : (user + step) % 5 === 3 ? "button" : `hello ${step}`;

  let count = 0;
  for (let step = 0; step < UPDATES_PER_USER; step++) {
    for (const [index, user] of users.entries()) {
      const action = script(index, step);
      if (action === "button") api.pressButton(user, "show-count");
      else api.sendText(user, action);
      count += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, USER_GAP_MS));
  }
  return count;
}

function printTable(numbers: typeof result, elapsedSeconds: number): void {
  const rows: Array<[string, number]> = [
    ["updates sent", numbers.updates],
    ["handled", numbers.handled],
    ["throttled", numbers.throttled],
    ["replies (messages + button answers)", numbers.replies],
    ["429 answers from the fake Telegram", numbers.rateLimited],
    ["peak updates in flight", numbers.peakInFlight],
    ["peak RSS (MB)", numbers.peakRssMb],
  ];
  console.log(`\n${USERS} users, ${UPDATES_PER_USER} updates each, ${USER_GAP_MS} ms apart:\n`);
  for (const [label, value] of rows)
    console.log(`  ${label.padEnd(38)} ${String(value).padStart(6)}`);
  console.log(`\nAll updates accounted for in ${elapsedSeconds.toFixed(1)} s.`);
}
