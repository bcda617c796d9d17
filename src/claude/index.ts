import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../errors.js";
import { withIgnored } from "./gitignore.js";
import {
  formatSettings,
  mergeHooks,
  parseSettings,
  type HookRegistrations,
  type MergeResult,
  type Settings,
} from "./settings.js";
import {
  hookRegistrations,
  templateFiles,
  templateSetDir,
  type TemplateFile,
} from "./templates.js";
import { ProjectWriter } from "./writer.js";

export const STACKS = ["typescript", "go", "python", "wordpress"] as const;
export const KINDS = ["agents", "skills", "hooks", "commands"] as const;
export type Stack = (typeof STACKS)[number];
export type Kind = (typeof KINDS)[number];

export interface ClaudeInstallOptions {
  /** Absolute path of the target project. */
  projectDir: string;
  /** The stack's set; `common` is always installed alongside. */
  stack: Stack;
  /** Kinds to install. Default: all. */
  only?: Kind[];
  /** Register hooks in settings.local.json (and git-ignore it) instead of settings.json. */
  local: boolean;
  /** Print the plan, write nothing. */
  dryRun: boolean;
  /** Overwrite existing files that have other content. */
  force: boolean;
}

export interface Output {
  info(line: string): void;
  warn(line: string): void;
}

export interface ClaudeInstallResult {
  /** Paths relative to the project, with forward slashes. */
  created: string[];
  overwritten: string[];
  unchanged: string[];
  /** The settings file hooks are registered in, or null when hooks were not installed. */
  settingsFile: string | null;
  /** "Event: command" of each hook added, and of each one that was already there. */
  hooksAdded: string[];
  hooksPresent: string[];
  gitignoreUpdated: boolean;
  dryRun: boolean;
}

type FileState = "create" | "same" | "differs";

interface PlannedFile extends TemplateFile {
  state: FileState;
  content: Buffer;
}

interface PlannedSettings {
  shownPath: string;
  previousText: string | null;
  merge: MergeResult;
}

/**
 * Installs the `common` set and the stack's set into a project's `.claude/`.
 * Everything is planned and checked first; a refusal (files that differ
 * without --force, a settings file that is not strict JSON) throws before
 * anything is written. The settings file is written last, once every script
 * it registers is in place; a write that fails undoes the ones before it.
 */
export async function installClaude(
  options: ClaudeInstallOptions,
  out: Output,
): Promise<ClaudeInstallResult> {
  const sets = ["common", options.stack];
  const kinds: readonly Kind[] = options.only?.length ? options.only : KINDS;
  checkProject(options.projectDir, sets);

  const files = planFiles(sets, kinds, options.projectDir);
  refuseOverwrites(files, options.force);
  const settings = kinds.includes("hooks") ? planSettings(sets, options) : null;
  const ignoreLocal = options.local && settings !== null;

  const result = summarize(files, settings, options);
  if (!options.dryRun) {
    const writer = new ProjectWriter(options.projectDir);
    writeFiles(files, writer);
    if (ignoreLocal && settings) {
      result.gitignoreUpdated = ignoreFile(options.projectDir, settings.shownPath, writer);
    }
    if (settings && settings.merge.added.length > 0) {
      writer.replace(
        settings.shownPath,
        formatSettings(settings.merge.settings, settings.previousText),
      );
    }
  }
  report(result, sets, kinds, ignoreLocal, out);
  return result;
}

function checkProject(projectDir: string, sets: string[]): void {
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory()) {
    throw new CliError(`${projectDir} is not a folder; give the project's folder.`);
  }
  const missing = sets.find((set) => !existsSync(templateSetDir(set)));
  if (missing) {
    throw new CliError(`the ${missing} templates are missing from this package; reinstall it.`);
  }
}

function planFiles(sets: string[], kinds: readonly Kind[], projectDir: string): PlannedFile[] {
  return sets.flatMap((set) =>
    kinds.flatMap((kind) =>
      templateFiles(set, kind).map((file) => {
        const content = templateContent(file);
        const target = join(projectDir, ...file.target.split("/"));
        const state: FileState = !existsSync(target)
          ? "create"
          : readFileSync(target).equals(content)
            ? "same"
            : "differs";
        return { ...file, content, state };
      }),
    ),
  );
}

/** Scripts always land with LF endings, whatever a checkout on Windows did to them. */
function templateContent(file: TemplateFile): Buffer {
  const raw = readFileSync(file.source);
  if (!file.executable) return raw;
  return Buffer.from(raw.toString("utf8").replaceAll("\r\n", "\n"), "utf8");
}

function refuseOverwrites(files: PlannedFile[], force: boolean): void {
  const differing = files.filter((file) => file.state === "differs").map((file) => file.target);
  if (differing.length === 0 || force) return;
  const shown =
    differing.slice(0, 8).join(", ") +
    (differing.length > 8 ? ` and ${differing.length - 8} more` : "");
  throw new CliError(
    `refusing to overwrite ${differing.length} file(s) with other content: ${shown}; ` +
      `nothing was written; run again with --force to overwrite them, or move them away first`,
  );
}

function planSettings(sets: string[], options: ClaudeInstallOptions): PlannedSettings {
  const shownPath = options.local ? ".claude/settings.local.json" : ".claude/settings.json";
  const path = join(options.projectDir, ...shownPath.split("/"));
  const previousText = existsSync(path) ? readFileSync(path, "utf8") : null;
  const current = previousText === null ? {} : parseSettings(previousText, shownPath);

  const registrations: HookRegistrations = {};
  for (const set of sets) {
    for (const [event, groups] of Object.entries(hookRegistrations(set))) {
      (registrations[event] ??= []).push(...groups);
    }
  }
  const merge = mergeHooks(current, registrations, shownPath, otherSettings(options));
  return { shownPath, previousText, merge };
}

/**
 * The project's other settings file: hooks registered there already run, so
 * they are not registered twice. It is only read; an invalid one counts as empty.
 */
function otherSettings(options: ClaudeInstallOptions): Settings | null {
  const other = options.local ? "settings.json" : "settings.local.json";
  const path = join(options.projectDir, ".claude", other);
  if (!existsSync(path)) return null;
  try {
    return parseSettings(readFileSync(path, "utf8"), `.claude/${other}`);
  } catch {
    return null;
  }
}

function writeFiles(files: PlannedFile[], writer: ProjectWriter): void {
  for (const file of files) {
    const mode = file.executable ? 0o755 : undefined;
    if (file.state !== "same") writer.write(file.target, file.content, mode);
    else if (mode !== undefined) writer.setMode(file.target, mode);
  }
}

/** Adds `entry` to the project's .gitignore; returns whether the file changed. */
function ignoreFile(projectDir: string, entry: string, writer: ProjectWriter): boolean {
  const path = join(projectDir, ".gitignore");
  const updated = withIgnored(existsSync(path) ? readFileSync(path, "utf8") : "", entry);
  if (updated !== null) writer.write(".gitignore", updated);
  return updated !== null;
}

function summarize(
  files: PlannedFile[],
  settings: PlannedSettings | null,
  options: ClaudeInstallOptions,
): ClaudeInstallResult {
  const targets = (state: FileState) => files.filter((f) => f.state === state).map((f) => f.target);
  return {
    created: targets("create"),
    overwritten: targets("differs"),
    unchanged: targets("same"),
    settingsFile: settings?.shownPath ?? null,
    hooksAdded: settings?.merge.added ?? [],
    hooksPresent: settings?.merge.present ?? [],
    gitignoreUpdated: false,
    dryRun: options.dryRun,
  };
}

const VERBS = {
  done: {
    create: "created",
    overwrite: "overwrote",
    register: "registered",
    ignore: "git-ignored",
  },
  planned: {
    create: "would create",
    overwrite: "would overwrite",
    register: "would register",
    ignore: "would git-ignore",
  },
};

/** Where Claude Code shows each kind after a restart. */
const WHERE_TO_CHECK: Record<Kind, string> = {
  hooks: "/hooks",
  agents: "/agents",
  skills: "/skills",
  commands: "the / menu for the commands",
};

function report(
  result: ClaudeInstallResult,
  sets: string[],
  kinds: readonly Kind[],
  ignoreLocal: boolean,
  out: Output,
): void {
  const verbs = result.dryRun ? VERBS.planned : VERBS.done;
  const width = Math.max(...Object.values(verbs).map((verb) => verb.length)) + 1;
  const line = (verb: string, what: string) => out.info(`  ${verb.padEnd(width)}${what}`);
  for (const target of result.created) line(verbs.create, target);
  for (const target of result.overwritten) line(verbs.overwrite, target);
  for (const hook of result.hooksAdded) line(verbs.register, `${hook} (${result.settingsFile})`);
  if (ignoreLocal && (result.dryRun || result.gitignoreUpdated)) {
    line(verbs.ignore, result.settingsFile ?? "");
  }

  const files = result.dryRun
    ? `files: would create ${result.created.length}, ` +
      `would overwrite ${result.overwritten.length}, ${result.unchanged.length} unchanged`
    : `files ${result.created.length} created, ${result.overwritten.length} overwritten, ` +
      `${result.unchanged.length} unchanged`;
  const added = result.dryRun
    ? `would add ${result.hooksAdded.length}`
    : `${result.hooksAdded.length} added`;
  const hooks = result.settingsFile
    ? `; hooks in ${result.settingsFile}: ${added}, ${result.hooksPresent.length} already there`
    : "";
  out.info(`Claude Code templates (${sets.join(" + ")}): ${files}${hooks}.`);

  const changed = kinds.filter(
    (kind) =>
      [...result.created, ...result.overwritten].some((target) =>
        target.startsWith(`.claude/${kind}/`),
      ) ||
      (kind === "hooks" && result.hooksAdded.length > 0),
  );
  if (result.dryRun) {
    out.info("Dry run: nothing was written.");
  } else if (changed.length > 0) {
    const places = changed.map((kind) => WHERE_TO_CHECK[kind]);
    const list =
      places.length === 1 ? places[0] : `${places.slice(0, -1).join(", ")} and ${places.at(-1)}`;
    out.info(`Restart Claude Code in this project, then check ${list}.`);
  }
}
