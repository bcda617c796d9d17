import { relative } from "node:path";
import { parseArgs, type ClaudeArgs, type CreateArgs } from "./args.js";
import { CancelledError, CliError, describeUnexpected, ExitCode } from "./errors.js";
import { CreatedPaths, inspectFolder, listForHumans } from "./folders.js";
import { initRepository } from "./git.js";
import { installDependencies } from "./install.js";
import { formatTargetDir, resolveProject, unsafeCharacter } from "./names.js";
import { nextSteps } from "./next-steps.js";
import { pkgFromUserAgent } from "./package-manager.js";
import { scaffoldBot } from "./scaffold.js";
import { ask, bold, canPrompt, out, red } from "./ui.js";

const defaultDir = "my-bot";

async function createBot(args: CreateArgs): Promise<void> {
  const interactive = canPrompt(args.yes);
  const dirArg = await chooseDir(args, interactive);
  const { dir, packageName, asked } = resolveProject(dirArg, process.cwd());
  if (packageName !== asked) out.warn(`package name is '${packageName}' (npm's rules)`);

  await checkFolder(dir, args, interactive);
  const withClaude =
    args.claude ??
    (interactive ? await ask<boolean>(confirm("Add Claude Code templates?", false)) : false);
  const install =
    args.install ??
    (interactive ? await ask<boolean>(confirm("Install dependencies now?", true)) : true);
  const pm = args.pm ?? pkgFromUserAgent(process.env.npm_config_user_agent);

  const created = new CreatedPaths(dir);
  const cancel = new AbortController();
  const onSignal = (): void => cancel.abort();
  // `on`, not `once`: execa's exit handler re-raises a signal that no other listener holds.
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    out.info(`\nCreating ${bold(packageName)} in ${dir}`);
    const result = scaffoldBot({ dir, packageName, force: args.force, created });
    for (const file of result.keptUserFiles) out.info(`  kept your ${file}`);
    if (result.overwritten.length > 0) {
      out.warn(
        `replaced ${result.overwritten.length} of your files: ` +
          listForHumans(result.overwritten, 10),
      );
    }
    if (withClaude) {
      const { installClaude } = await import("./claude/index.js");
      await installClaude(
        { projectDir: dir, stack: "typescript", local: false, dryRun: false, force: args.force },
        out,
      );
    }
    if (cancel.signal.aborted) throw new CancelledError();

    const installed = install ? await installDependencies(dir, pm, cancel.signal) : false;
    if (args.git) await initRepository(dir);
    out.info(nextSteps({ dir, cwd: process.cwd(), pm, installed }));
  } catch (error) {
    if (error instanceof CliError && error.exitCode !== ExitCode.cancelled) throw error;
    created.removeAll();
    throw error instanceof CancelledError || cancel.signal.aborted ? new CancelledError() : error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function chooseDir(args: CreateArgs, interactive: boolean): Promise<string> {
  if (args.dir !== undefined) {
    const problem = dirProblem(args.dir);
    if (problem) throw new CliError(`folder '${args.dir}' ${problem}`, ExitCode.usage);
    return formatTargetDir(args.dir);
  }
  if (args.yes) return defaultDir;
  if (!interactive) {
    throw new CliError(
      "no folder given; run create-throttled-bot <dir>, or add --yes for ./my-bot",
      ExitCode.usage,
    );
  }
  const answer = await ask<string>({
    type: "text",
    name: "value",
    message: "Project folder:",
    initial: defaultDir,
    validate: (value: string) => {
      const problem = dirProblem(value);
      return problem ? `This name ${problem}` : true;
    },
  });
  return formatTargetDir(answer);
}

/** Why a folder argument cannot be used, as the end of a sentence; undefined when it can. */
function dirProblem(dir: string): string | undefined {
  if (!formatTargetDir(dir)) return "is empty; pick a name";
  const unsafe = unsafeCharacter(dir);
  if (unsafe === undefined) return undefined;
  const shown = /[\u0000-\u001f\u007f]/.test(unsafe) ? "a control character" : `'${unsafe}'`;
  return `contains ${shown}, which is not allowed in folder names everywhere; pick another`;
}

async function checkFolder(dir: string, args: CreateArgs, interactive: boolean): Promise<void> {
  const state = inspectFolder(dir);
  const shown = relative(process.cwd(), dir) || ".";
  if (state.kind === "not-a-folder") {
    throw new CliError(`${shown} exists and is not a folder; choose another name`);
  }
  if (state.kind !== "conflicts" || args.force) return;

  const files = listForHumans(state.conflicts);
  if (!interactive) {
    throw new CliError(
      `${shown} is not empty (${files}); choose an empty folder, or add --force to write ` +
        "into it (your other files and .git are kept)",
    );
  }
  const proceed = await ask<boolean>(
    confirm(
      `${shown} is not empty (${files}). Write into it anyway? ` +
        "Files the bot needs are overwritten.",
      false,
    ),
  );
  if (!proceed) throw new CancelledError();
}

function confirm(message: string, initial: boolean) {
  return { type: "confirm" as const, name: "value" as const, message, initial };
}

async function installTemplates(args: ClaudeArgs): Promise<void> {
  const { runClaudeCommand } = await import("./claude-command.js");
  await runClaudeCommand(args);
}

async function main(): Promise<number> {
  try {
    const args = await parseArgs(process.argv.slice(2));
    if (args.command === "create") await createBot(args);
    if (args.command === "claude") await installTemplates(args);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(
        error.exitCode === ExitCode.cancelled
          ? "cancelled\n"
          : `${red("error:")} ${error.message}\n`,
      );
      if (process.env.DEBUG && error.exitCode !== ExitCode.cancelled) console.error(error.stack);
      return error.exitCode;
    }
    process.stderr.write(`${red("error:")} ${describeUnexpected(error)}\n`);
    if (process.env.DEBUG) console.error(error);
    return ExitCode.failed;
  }
}

process.exitCode = await main();
