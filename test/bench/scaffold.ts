/**
 * Scaffolding without install: create-throttled-bot (the built bin) against create-vite
 * (a devDependency), alternating in one run so both see the same machine state.
 *
 *   npm run bench:scaffold [-- --rounds N]
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { GNU_TIME, REPO_ROOT, isMain, median, table } from "./support.js";

export interface ScaffoldTool {
  name: string;
  /** Arguments after `node`, with `{dir}` for the target folder. */
  args: string[];
}

export const SCAFFOLD_TOOLS: ScaffoldTool[] = [
  {
    name: "create-throttled-bot",
    args: [
      join(REPO_ROOT, "bin/create-throttled-bot.js"),
      "{dir}",
      "--yes",
      "--no-install",
      "--no-git",
    ],
  },
  {
    name: "create-vite",
    args: [
      join(REPO_ROOT, "node_modules/create-vite/index.js"),
      "{dir}",
      "--template",
      "vanilla-ts",
      "--no-interactive",
    ],
  },
];

const MEMORY_RUNS = 3;

export interface ScaffoldResult {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  /** Peak resident memory of the process, in MiB; null where GNU time is missing. */
  peakMemoryMiB: number | null;
}

export interface ScaffoldBench {
  rounds: number;
  results: ScaffoldResult[];
  /** Our median wall time divided by create-vite's. */
  ratio: number;
}

/**
 * Times `rounds` scaffolds of each tool in fresh temporary folders, alternating which goes
 * first, after one discarded warm-up each. Peak memory comes from separate runs under GNU
 * time, so its own process does not add to the timed runs.
 */
export async function benchScaffold(rounds = 15): Promise<ScaffoldBench> {
  if (!existsSync(join(REPO_ROOT, "dist/index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const times = new Map<string, number[]>(SCAFFOLD_TOOLS.map((t) => [t.name, []]));

  for (const tool of SCAFFOLD_TOOLS) await scaffoldOnce(tool);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? SCAFFOLD_TOOLS : [...SCAFFOLD_TOOLS].reverse();
    for (const tool of order) times.get(tool.name)!.push((await scaffoldOnce(tool)).ms);
  }

  const results: ScaffoldResult[] = [];
  for (const tool of SCAFFOLD_TOOLS) {
    const peaks: number[] = [];
    for (let i = 0; GNU_TIME !== undefined && i < MEMORY_RUNS; i++) {
      const { peakMiB } = await scaffoldOnce(tool, true);
      if (peakMiB !== null) peaks.push(peakMiB);
    }
    const ms = times.get(tool.name)!;
    results.push({
      name: tool.name,
      runs: ms.length,
      medianMs: round1(median(ms)),
      minMs: round1(Math.min(...ms)),
      peakMemoryMiB: peaks.length > 0 ? round1(Math.max(...peaks)) : null,
    });
  }
  return {
    rounds,
    results,
    ratio: Math.round((results[0]!.medianMs / results[1]!.medianMs) * 100) / 100,
  };
}

async function scaffoldOnce(
  tool: ScaffoldTool,
  measureMemory = false,
): Promise<{ ms: number; peakMiB: number | null }> {
  const work = await mkdtemp(join(tmpdir(), "bench-scaffold-"));
  // Relative: create-vite joins even an absolute target onto the working folder.
  const args = tool.args.map((a) => (a === "{dir}" ? "app" : a));
  const [command, commandArgs] =
    measureMemory && GNU_TIME !== undefined
      ? [GNU_TIME, ["-f", "%M", process.execPath, ...args]]
      : [process.execPath, args];

  try {
    const started = process.hrtime.bigint();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(command, commandArgs, {
          cwd: work,
          env: { ...process.env, CI: "1", NO_COLOR: "1" },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let err = "";
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.once("error", reject);
        child.once("exit", (exitCode) => resolve({ code: exitCode, stderr: err }));
      },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (code !== 0) throw new Error(`${tool.name} exited with ${code}:\n${stderr}`);
    if (!existsSync(join(work, "app", "package.json"))) {
      throw new Error(`${tool.name} wrote no package.json`);
    }

    const kb = measureMemory ? Number(stderr.trim().split("\n").pop()) : NaN;
    return { ms, peakMiB: Number.isFinite(kb) ? kb / 1024 : null };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function scaffoldTable(bench: ScaffoldBench): string {
  return (
    table(
      ["scaffold, no install", "runs", "median", "fastest", "peak memory"],
      bench.results.map((r) => [
        r.name,
        String(r.runs),
        `${r.medianMs.toFixed(1)} ms`,
        `${r.minMs.toFixed(1)} ms`,
        r.peakMemoryMiB === null ? "n/a" : `${r.peakMemoryMiB.toFixed(1)} MiB`,
      ]),
    ) + `\nratio (ours / create-vite, medians): ${bench.ratio.toFixed(2)}x`
  );
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

if (isMain(import.meta.filename)) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "15" } } });
  const bench = await benchScaffold(Number(values.rounds));
  console.log(scaffoldTable(bench));
}
