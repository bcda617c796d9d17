import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** bin/create-throttled-bot.js inside the unpacked `npm pack` tarball. */
    packedCli: string;
    /** The tarball itself, for tests that install it. */
    packedTarball: string;
  }
}

/** Packs the package once per run; every CLI test runs what users download. */
export default async function setup(project: TestProject): Promise<void> {
  const root = join(import.meta.dirname, "..", "..");
  const work = await mkdtemp(join(tmpdir(), "ctb-pack-"));

  await execa("npm", ["pack", "--pack-destination", work, "--silent"], { cwd: root });
  const tarball = (await readdir(work)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball in " + work);
  await execa("tar", ["-xzf", tarball], { cwd: work });

  project.provide("packedTarball", join(work, tarball));
  project.provide("packedCli", join(work, "package", "bin", "create-throttled-bot.js"));
}
