import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { REPO_ROOT } from "./run-bot.js";

export type BotName = "naive" | "throttled";

/** Inside the repository, so the built bots resolve grammY and the rest from its node_modules. */
const OUT_DIR = join(REPO_ROOT, "node_modules/.cache/flood-cascade");
const TEMPLATE = join(REPO_ROOT, "templates/bot");
const NAIVE_SOURCE = join(REPO_ROOT, "case-studies/telegram-flood-cascade/bots/naive.ts");
const STAMP = join(OUT_DIR, ".built");

/**
 * Builds both bots to JavaScript and returns their entry files, to be run with plain `node`
 * as a deployed bot runs (the generated bot's `npm start` is `node dist/main.js`): a
 * TypeScript loader in the measured process would add about 20 MB of memory to each.
 *
 * The generated bot is compiled by TypeScript with its own build configuration
 * (tsconfig.build.json); the naive bot, one file, by esbuild. Skipped when nothing changed.
 */
export async function buildBots(): Promise<Record<BotName, string>> {
  const entries: Record<BotName, string> = {
    throttled: join(OUT_DIR, "generated-bot/main.js"),
    naive: join(OUT_DIR, "naive-bot.js"),
  };
  const sources = [
    ...filesUnder(join(TEMPLATE, "src")),
    join(TEMPLATE, "tsconfig.build.json"),
    NAIVE_SOURCE,
  ];
  const builtAt = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (sources.every((file) => statSync(file).mtimeMs < builtAt)) return entries;

  const tsc = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(TEMPLATE, "tsconfig.build.json"),
      "--outDir",
      join(OUT_DIR, "generated-bot"),
    ],
    { encoding: "utf8" },
  );
  if (tsc.status !== 0)
    throw new Error(`Building the generated bot failed:\n${tsc.stdout}${tsc.stderr}`);

  await build({
    entryPoints: [NAIVE_SOURCE],
    outfile: entries.naive,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  writeFileSync(STAMP, new Date().toISOString());
  return entries;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}
