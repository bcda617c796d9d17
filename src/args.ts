import yargs, { type Options } from "yargs";
import { KINDS, STACKS, type Kind, type Stack } from "./claude/index.js";
import { CliError, ExitCode } from "./errors.js";
import { packageManagers, type PackageManager } from "./package-manager.js";
import manifest from "../package.json" with { type: "json" };

export const commandName = "create-throttled-bot";

/** Options of `create-throttled-bot [dir]`. Adding an option is adding an entry here. */
const createOptions = {
  yes: { alias: "y", type: "boolean", describe: "Accept every default, never prompt" },
  force: { type: "boolean", describe: "Write into a non-empty folder (never touches .git)" },
  install: { type: "boolean", describe: "Install dependencies (default: yes; --no-install)" },
  git: {
    type: "boolean",
    describe: "git init + first commit (default: yes, but not inside an existing repository)",
  },
  pm: {
    type: "string",
    choices: packageManagers,
    describe: "Package manager (default: the one that ran this command)",
  },
  claude: {
    type: "boolean",
    describe: "Add the Claude Code templates (typescript + common) to the new bot",
  },
} satisfies Record<string, Options>;

/** Options of `create-throttled-bot claude [dir]`. */
const claudeOptions = {
  stack: { type: "string", choices: STACKS, describe: "Which stack's templates (plus common)" },
  only: {
    type: "string",
    describe: `Only these kinds, comma-separated: ${KINDS.join(",")}`,
  },
  local: {
    type: "boolean",
    describe:
      "Register hooks in .claude/settings.local.json (git-ignored) instead of settings.json",
  },
  "dry-run": { type: "boolean", describe: "Print the plan, write nothing" },
  force: { type: "boolean", describe: "Overwrite existing files that differ" },
  yes: { alias: "y", type: "boolean", describe: "Accept every default, never prompt" },
} satisfies Record<string, Options>;

export interface CreateArgs {
  command: "create";
  dir?: string;
  yes: boolean;
  force: boolean;
  install?: boolean;
  git: boolean;
  pm?: PackageManager;
  claude?: boolean;
}

export interface ClaudeArgs {
  command: "claude";
  dir?: string;
  stack?: Stack;
  only?: Kind[];
  local: boolean;
  dryRun: boolean;
  force: boolean;
  yes: boolean;
}

export type ParsedArgs = CreateArgs | ClaudeArgs | { command: "done" };

const exitCodesHelp = [
  "Exit codes:",
  "  0    the project exists",
  "  1    refused or failed (non-empty folder without --force, install failed)",
  "  2    usage error (unknown option, bad value, missing input without a terminal)",
  "  130  cancelled",
].join("\n");

/** Parses argv strictly; usage errors become a CliError with exit code 2. */
export async function parseArgs(argv: string[]): Promise<ParsedArgs> {
  // bun passes a separating `--` through; npm and pnpm remove it.
  const args = argv[0] === "--" ? argv.slice(1) : argv;
  let result: ParsedArgs = { command: "done" };

  const parser = yargs(args)
    .scriptName(commandName)
    .usage(`${commandName} [dir] [options]\n${commandName} claude [dir] --stack <stack> [options]`)
    .command(
      "$0 [dir]",
      "Create a Telegram bot that survives bursts",
      (y) =>
        y
          .positional("dir", { type: "string", describe: "Folder to create ('.' for here)" })
          .options(createOptions),
      (parsed) => {
        rejectExtraPositionals(parsed._);
        result = {
          command: "create",
          dir: parsed.dir,
          yes: parsed.yes ?? false,
          force: parsed.force ?? false,
          install: parsed.install,
          git: parsed.git ?? true,
          pm: parsed.pm as PackageManager | undefined,
          claude: parsed.claude,
        };
      },
    )
    .command(
      "claude [dir]",
      "Install Claude Code templates into an existing project",
      (y) =>
        y
          .positional("dir", { type: "string", describe: "Project folder (default: .)" })
          .options(claudeOptions),
      (parsed) => {
        rejectExtraPositionals(parsed._.slice(1));
        result = {
          command: "claude",
          dir: parsed.dir,
          stack: parsed.stack as Stack | undefined,
          only: parsed.only === undefined ? undefined : parseKinds(parsed.only),
          local: parsed.local ?? false,
          dryRun: parsed["dry-run"] ?? false,
          force: parsed.force ?? false,
          yes: parsed.yes ?? false,
        };
      },
    )
    .example(`${commandName} my-bot`, "create ./my-bot, install, git init")
    .example(`${commandName} . --yes --no-install`, "use the current folder, no questions")
    .example(`${commandName} claude . --stack go --dry-run`, "show what would be installed")
    .epilogue(exitCodesHelp)
    .help("help")
    .alias("h", "help")
    .version("version", "Show the version", manifest.version)
    .alias("v", "version")
    .strictOptions()
    // A repeated option means its last value, as in most command-line tools.
    .parserConfiguration({ "duplicate-arguments-array": false })
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error instanceof CliError) throw error;
      throw new CliError(`${oneLine(message ?? error?.message)} (see --help)`, ExitCode.usage);
    });

  const parsed = await parser.parseAsync();
  if (parsed.help || parsed.version) return { command: "done" };
  return result;
}

function rejectExtraPositionals(extra: (string | number)[]): void {
  if (extra.length === 0) return;
  throw new CliError(
    `unexpected argument '${extra[0]}'. With npm create, put -- before options: ` +
      `npm create throttled-bot@latest my-bot -- --no-install`,
    ExitCode.usage,
  );
}

/** yargs spreads "Invalid values" over several lines; a usage error is one. */
function oneLine(message: string): string {
  const choice = /Argument: (\S+), Given: (.*), Choices: (.*)/.exec(message);
  if (choice) return `--${choice[1]} must be one of ${choice[3]} (got ${choice[2]})`;
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown)
    return `unknown option ${unknown[1]!
      .split(", ")
      .map((name) => (name.length > 1 ? `--${name}` : `-${name}`))
      .join(", ")}`;
  return message.replace(/\s*\n\s*/g, " ");
}

function parseKinds(value: string): Kind[] {
  const kinds = value
    .split(",")
    .map((kind) => kind.trim())
    .filter(Boolean);
  const unknown = kinds.find((kind) => !(KINDS as readonly string[]).includes(kind));
  if (unknown !== undefined || kinds.length === 0) {
    throw new CliError(
      `--only takes a comma-separated list of: ${KINDS.join(", ")} (got '${value}')`,
      ExitCode.usage,
    );
  }
  return kinds as Kind[];
}
