/**
 * The case study's README quotes a run of `npm run case-study`; a fresh run must agree with
 * it in kind. The fresh run is shorter (12 s of traffic instead of 30) through the same
 * entry point, so that it fits in CI; the shape of the traffic is the same.
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const STUDY = join(ROOT, "case-studies/telegram-flood-cascade");

interface Numbers {
  rateLimited: number;
  lost: number;
}

/** Reads a row of the README's before/after table: [naive, generated]. */
function readmeRow(readme: string, label: string): [number, number] {
  const row = readme.split("\n").find((line) => line.startsWith(`| ${label} `));
  if (row === undefined) throw new Error(`The README's table has no row "${label}"`);
  const [naive, generated] = row
    .split("|")
    .slice(2, 4)
    .map((cell) => Number(cell.trim()));
  return [naive!, generated!];
}

describe("the flood cascade case study", () => {
  const readme = readFileSync(join(STUDY, "README.md"), "utf8");
  let fresh: { naive: Numbers; throttled: Numbers };

  beforeAll(async () => {
    const svg = join(await mkdtemp(join(tmpdir(), "case-study-test-")), "chart.svg");
    const { stdout } = await execa(
      process.execPath,
      ["--import", "tsx", join(STUDY, "reproduce.ts"), "--json", "--seconds", "12", "--svg", svg],
      { cwd: ROOT },
    );
    fresh = JSON.parse(stdout.trim().split("\n").pop()!) as typeof fresh;
  }, 180_000);

  it("quotes a run in which only the naive bot got 429 answers", () => {
    const [naive, generated] = readmeRow(readme, "429 answers");

    expect(naive).toBeGreaterThan(0);
    expect(generated).toBe(0);
  });

  it("quotes a run in which the generated bot lost no update", () => {
    const [, generated] = readmeRow(readme, "updates lost");

    expect(generated).toBe(0);
  });

  it("agrees with a fresh run: the naive bot gets 429s, the generated bot none", () => {
    expect(fresh.naive.rateLimited).toBeGreaterThan(0);
    expect(fresh.throttled.rateLimited).toBe(0);
  });

  it("agrees with a fresh run: the generated bot loses nothing", () => {
    expect(fresh.throttled.lost).toBe(0);
  });

  it("embeds the chart the reproduction writes", () => {
    const chart = readFileSync(join(STUDY, "cascade.svg"), "utf8");

    expect(readme).toContain("](cascade.svg)");
    expect(chart).toMatch(/^<svg /);
  });
});
