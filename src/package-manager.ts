import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export const packageManagers = ["npm", "pnpm", "yarn", "bun"] as const;
export type PackageManager = (typeof packageManagers)[number];

/**
 * The manager that ran us, from the first word of `npm_config_user_agent`
 * ("pnpm/9.1.0 npm/? node/v20...").
 */
export function pkgFromUserAgent(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split(" ")[0]?.split("/")[0];
  return packageManagers.find((pm) => pm === name) ?? "npm";
}

export function installCommand(pm: PackageManager): string[] {
  return pm === "yarn" ? ["yarn"] : [pm, "install"];
}

/** How to run a package.json script: `npm run dev`, `pnpm dev`, `yarn dev`, `bun dev`. */
export function runCommand(pm: PackageManager, script: string): string {
  return pm === "npm" ? `npm run ${script}` : `${pm} ${script}`;
}

/** Whether `command` is on PATH: checked before spawning, so a missing one is a warning. */
export function isOnPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const extensions =
    process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      try {
        accessSync(join(dir, command + extension), constants.X_OK);
        return true;
      } catch {
        // not in this folder; keep looking
      }
    }
  }
  return false;
}
