/**
 * The benchmarks behind the template's claims, in one run:
 *
 *   npm run bench [-- --json] [--out FILE] [--soak MINUTES] [--skip scaffold,throttle,...]
 *
 * 1. scaffold    create-throttled-bot vs create-vite, no install (also `npm run bench:scaffold`)
 * 2. throttle    cost per update, ours vs @grammyjs/ratelimiter, at 1 / 1,000 / 100,000 users
 * 3. burst       200 users x 5 messages within 1 s against the limited fake Bot API
 * 4. saturation  more users per second than Telegram's ~30 messages/s allow
 * 5. soak        (only with --soak) the incident's peak x10, sustained for MINUTES
 *
 * Targets are printed next to the results, not asserted. --json prints all numbers as one
 * JSON object on the last line; --out FILE writes them to FILE.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import {
  benchBurst,
  benchSaturation,
  benchSoak,
  GLOBAL_LIMIT_PER_SECOND,
  type BurstResult,
  type SaturationResult,
  type SoakResult,
} from "./load.js";
import { benchScaffold, scaffoldTable, type ScaffoldBench } from "./scaffold.js";
import { table } from "./support.js";
import { benchThrottleCost, throttleCostTable, type ThrottleCost } from "./throttle-cost.js";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    out: { type: "string" },
    soak: { type: "string" },
    skip: { type: "string", default: "" },
  },
});
const soakMinutes = args.soak === undefined ? undefined : Number(args.soak);
if (soakMinutes !== undefined && !(soakMinutes > 0 && soakMinutes <= 240)) {
  console.error(`--soak takes minutes, from 1 to 240 (got "${args.soak}")`);
  process.exit(2);
}
const skip = new Set(args.skip.split(",").filter(Boolean));

interface Results {
  machine: string;
  date: string;
  scaffold?: ScaffoldBench;
  throttleCost?: ThrottleCost;
  burst?: BurstResult;
  saturation?: SaturationResult;
  soak?: SoakResult;
}

const results: Results = {
  machine: `Node ${process.versions.node}, ${availableParallelism()} cores, ${process.platform}`,
  date: new Date().toISOString().slice(0, 10),
};
console.log(`Benchmarks, ${results.machine}, ${results.date}\n`);

if (!skip.has("scaffold")) {
  results.scaffold = await benchScaffold();
  console.log(`1. Scaffold\n\n${scaffoldTable(results.scaffold)}`);
  console.log("target: at most 1.0x create-vite, at most 50 MiB peak memory\n");
}
if (!skip.has("throttle")) {
  results.throttleCost = await benchThrottleCost();
  console.log(`2. Throttle cost\n\n${throttleCostTable(results.throttleCost)}`);
  console.log("target: no slower than the ratelimiter, while keeping per-user windows\n");
}
if (!skip.has("burst")) {
  results.burst = await benchBurst();
  console.log(`3. Burst\n\n${burstTable(results.burst)}`);
  console.log("target: zero 429s, first reply p99 <= 2 s, RSS < 100 MB\n");
}
if (!skip.has("saturation")) {
  results.saturation = await benchSaturation();
  console.log(`4. Saturation\n\n${saturationTable(results.saturation)}`);
  console.log("target: >= 90% of the limit with zero 429s\n");
}
if (soakMinutes !== undefined) {
  results.soak = await benchSoak(soakMinutes);
  console.log(`5. Soak\n\n${soakTable(results.soak)}`);
  console.log("target: RSS slope < 1 MB/min, open sockets <= 4\n");
}

if (args.out !== undefined) {
  writeFileSync(args.out, JSON.stringify(results, null, 2) + "\n");
  console.log(`Numbers written to ${args.out}`);
}
if (args.json) console.log(JSON.stringify(results));

function burstTable(r: BurstResult): string {
  return table(
    [`burst: ${r.users} users x ${r.updatesPerUser} messages within 1 s`, "generated bot"],
    [
      ["429 answers", String(r.rateLimited)],
      ["first reply p50", seconds(r.p50FirstReplyMs)],
      ["first reply p99", seconds(r.p99FirstReplyMs)],
      ["  lowest p99 possible without a 429", seconds(r.p99FloorMs)],
      ["peak HTTP requests in flight", String(r.peakHttpInFlight)],
      ["peak updates in flight (bot's count)", String(r.peakUpdatesInFlight ?? "n/a")],
      ["peak open sockets", String(r.peakSockets)],
      ["peak RSS", `${r.peakRssMb.toFixed(1)} MB`],
      ["updates handled / throttled", `${r.handled} / ${r.throttled}`],
      ["left with Telegram at stop / lost", `${r.leftWithTelegram} / ${r.lost}`],
    ],
  );
}

function saturationTable(r: SaturationResult): string {
  return table(
    [`saturation: ${r.offeredPerSecond} new users/s for ${r.seconds} s`, "generated bot"],
    [
      ["replies per second achieved", r.achievedPerSecond.toFixed(1)],
      [
        `fraction of the ${GLOBAL_LIMIT_PER_SECOND}/s limit`,
        `${(r.fractionOfLimit * 100).toFixed(1)}%`,
      ],
      ["429 answers", String(r.rateLimited)],
      ["lost", String(r.lost)],
    ],
  );
}

function soakTable(r: SoakResult): string {
  return table(
    [
      `soak: ${r.updatesPerSecond} updates/s (${r.usersPerSecond} users/s) for ${r.minutes} min`,
      "generated bot",
    ],
    [
      ["RSS slope after warm-up", `${r.rssSlopeMbPerMinute.toFixed(2)} MB/min`],
      ["RSS start / end / peak", `${r.rssStartMb} / ${r.rssEndMb} / ${r.peakRssMb} MB`],
      ["RSS at each minute's end", r.rssPerMinute.join(" ")],
      ["open sockets, peak", String(r.peakSockets)],
      ["open sockets, most in each minute", r.socketsPerMinute.join(" ")],
      ["429 answers", String(r.rateLimited)],
      ["updates handled / throttled / lost", `${r.handled} / ${r.throttled} / ${r.lost}`],
    ],
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
