/**
 * Reproduces the flood cascade offline: the same incident-shaped traffic, played to a naive
 * bot (a) and to the bot create-throttled-bot generates (b), each in its own process against
 * the generated bot's fake Bot API on 127.0.0.1.
 *
 *   npm run case-study [-- --json] [--seconds N] [--no-escalation] [--svg FILE]
 *
 * --json           print one JSON object on the last line: {"naive": {...}, "throttled": {...}}
 * --seconds N      length of the traffic (default 30; the test uses a shorter run)
 * --no-escalation  keep the fake's own 1-3 s flood waits (see lib/flood-escalation.ts)
 * --svg FILE       where the chart goes (default: cascade.svg next to this file)
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runCaseStudy, type CaseStudy } from "./lib/case-study.js";
import { renderChart } from "./lib/chart.js";
import type { RunMetrics } from "./lib/measure.js";
import { cascadeSummary, comparisonTable } from "./lib/report.js";
import { REPO_ROOT } from "./lib/run-bot.js";

const FIRST_FAILURE_SCRIPT = join(
  REPO_ROOT,
  "templates/claude/common/skills/first-failure/scripts/first-failure.mjs",
);

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    seconds: { type: "string", default: "30" },
    "no-escalation": { type: "boolean", default: false },
    svg: { type: "string", default: join(import.meta.dirname, "cascade.svg") },
  },
});
const seconds = Number(args.seconds);
if (!(seconds >= 5 && seconds <= 600)) {
  console.error(`--seconds must be a number from 5 to 600 (got "${args.seconds}")`);
  process.exit(2);
}

const machine =
  `Node ${process.versions.node}, ` + `${availableParallelism()} cores, ${process.platform}`;
const date = new Date().toISOString().slice(0, 10);
console.log(`Flood cascade reproduction, ${machine}, ${date}`);

const study = await runCaseStudy({
  seconds,
  escalateFloodWaits: !args["no-escalation"],
  onRunStart: (name) => console.log(`Running (${name === "naive" ? "a" : "b"}) the ${name} bot...`),
});
const { naive, throttled, traffic, settings } = study;

console.log(
  `\nTraffic: ${traffic.updates.length} updates from ${traffic.visits.length} users in ` +
    `${settings.seconds} s, ${traffic.visits.filter((v) => v.inPeak).length} of them in peaks ` +
    `of 5-10 users within one second; ` +
    `flood-wait escalation ${settings.escalateFloodWaits ? "on" : "off"}; ` +
    `fake round trip ${settings.latencyMs} ms; ` +
    `SIGTERM ${settings.drainMs / 1000} s after the traffic.\n`,
);
console.log(comparisonTable(naive.metrics, throttled.metrics));
console.log(`\n(a) ${cascadeSummary(naive.metrics)}`);
console.log(`\nLogs: ${naive.logPath}\n      ${throttled.logPath}`);
showFirstFailure(naive.logPath);

writeFileSync(args.svg, chartOf(study, `${machine}, ${date}`));
console.log(`\nChart: ${args.svg}`);

if (args.json) {
  console.log(
    JSON.stringify({ naive: summary(naive.metrics), throttled: summary(throttled.metrics) }),
  );
}

function showFirstFailure(logPath: string): void {
  if (!existsSync(FIRST_FAILURE_SCRIPT)) {
    console.log("\n(The first-failure script of the Claude templates is not there; skipped.)");
    return;
  }
  const result = spawnSync(process.execPath, [FIRST_FAILURE_SCRIPT, logPath], { encoding: "utf8" });
  console.log(`\nfirst-failure on (a)'s log:\n`);
  console.log((result.stdout + result.stderr).trimEnd().replace(/^/gm, "  "));
}

function chartOf(study: CaseStudy, where: string): string {
  const start = study.naive.run.trafficStartedAt;
  return renderChart({
    title: "The flood cascade, reproduced: naive bot vs generated bot",
    subtitle:
      `Same traffic (${study.traffic.updates.length} updates, peaks of 5-10 users per second) ` +
      `against the fake Bot API; ${where}`,
    trafficEndSeconds: study.settings.seconds,
    stopSeconds: (study.naive.run.stopSentAt - start) / 1000,
    runs: [
      { label: "(a) naive bot", color: "#c62828", series: study.naive.metrics.series },
      { label: "(b) generated bot", color: "#1565c0", series: study.throttled.metrics.series },
    ],
  });
}

/** The JSON form: every measure but the time series. */
function summary(metrics: RunMetrics): Omit<RunMetrics, "series"> {
  const { series: _series, ...rest } = metrics;
  return rest;
}
