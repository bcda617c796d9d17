import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ClaudeArgs } from "./args.js";
import { installClaude, STACKS, type Stack } from "./claude/index.js";
import { CliError, ExitCode } from "./errors.js";
import { ask, canPrompt, out } from "./ui.js";

/** `create-throttled-bot claude [dir]`: the templates into an existing project. */
export async function runClaudeCommand(args: ClaudeArgs): Promise<void> {
  const projectDir = resolve(args.dir ?? ".");
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
    throw new CliError(`${projectDir} is not a folder; give the project's folder`);
  }

  const stack = await chooseStack(args, projectDir);
  await installClaude(
    {
      projectDir,
      stack,
      only: args.only,
      local: args.local,
      dryRun: args.dryRun,
      force: args.force,
    },
    out,
  );
}

async function chooseStack(args: ClaudeArgs, projectDir: string): Promise<Stack> {
  if (args.stack) return args.stack;
  const detected = detectStack(projectDir);
  if (canPrompt(args.yes)) {
    return ask<Stack>({
      type: "select",
      name: "value",
      message: "Which stack is this project?",
      choices: STACKS.map((stack) => ({ title: stack, value: stack })),
      initial: detected ? STACKS.indexOf(detected) : 0,
    });
  }
  if (args.yes && detected) {
    out.info(`Stack: ${detected} (detected; --stack to choose another)`);
    return detected;
  }
  throw new CliError(
    `missing --stack <${STACKS.join("|")}>` + (detected ? ` (this looks like ${detected})` : ""),
    ExitCode.usage,
  );
}

/** A guess from the files every project of a stack has. */
export function detectStack(dir: string): Stack | undefined {
  const has = (file: string) => existsSync(join(dir, file));
  if (has("go.mod")) return "go";
  if (has("pyproject.toml") || has("requirements.txt") || has("setup.py")) return "python";
  if (has("wp-config.php") || has("wp-content") || rootPhpFiles(dir)) return "wordpress";
  if (has("package.json") || has("tsconfig.json")) return "typescript";
  return undefined;
}

function rootPhpFiles(dir: string): boolean {
  return readdirSync(dir).some((file) => file.endsWith(".php"));
}
