import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { templatesDir } from "../paths.js";
import type { HookRegistrations } from "./settings.js";

export type TemplateKind = "agents" | "skills" | "hooks" | "commands";

/** A file to install: where it comes from, and where it lands relative to the project. */
export interface TemplateFile {
  source: string;
  /** POSIX path relative to the project, e.g. `.claude/agents/cascade-debugger.md`. */
  target: string;
  executable: boolean;
}

/** Where the plugin form points at its own scripts, and where the project install keeps them. */
const PLUGIN_HOOKS = "${CLAUDE_PLUGIN_ROOT}/hooks/";
const PROJECT_HOOKS = "$CLAUDE_PROJECT_DIR/.claude/hooks/";

export function templateSetDir(set: string): string {
  return join(templatesDir, "claude", set);
}

/** Every file of one kind in one template set, mapped to its place under `.claude/`. */
export function templateFiles(set: string, kind: TemplateKind): TemplateFile[] {
  const root = join(templateSetDir(set), kind);
  if (!existsSync(root)) return [];
  return listFiles(root)
    .filter((relative) => includeFile(kind, relative))
    .map((relative) => ({
      source: join(root, ...relative.split("/")),
      target: `.claude/${kind}/${relative}`,
      executable: relative.endsWith(".mjs"),
    }));
}

/** Hooks ship only scripts: hooks.json is the plugin's registration, turned into settings. */
function includeFile(kind: TemplateKind, relative: string): boolean {
  if (kind === "hooks") return relative.endsWith(".mjs");
  if (kind === "agents" || kind === "commands") return relative.endsWith(".md");
  return true;
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      const relative = prefix + name;
      return statSync(path).isDirectory() ? listFiles(path, relative + "/") : [relative];
    });
}

/**
 * The set's `hooks/hooks.json` (the plugin form) with script paths moved from
 * the plugin root to the project's `.claude/hooks/`, still quoted, so a
 * project path with spaces works and `cd` in a session does not break them.
 */
export function hookRegistrations(set: string): HookRegistrations {
  const file = join(templateSetDir(set), "hooks", "hooks.json");
  if (!existsSync(file)) return {};
  const plugin = JSON.parse(readFileSync(file, "utf8")) as { hooks: HookRegistrations };
  const registrations: HookRegistrations = {};
  for (const [event, groups] of Object.entries(plugin.hooks)) {
    registrations[event] = groups.map((group) => ({
      ...group,
      hooks: group.hooks.map((hook) => ({
        ...hook,
        command: hook.command.replaceAll(PLUGIN_HOOKS, PROJECT_HOOKS),
      })),
    }));
  }
  return registrations;
}
