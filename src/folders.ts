import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Files a new project may land next to without asking: version control and editor
 * folders, a README, a licence.
 */
const harmlessEntries = new Set([".git", ".gitignore", "LICENSE", "README.md", ".idea", ".vscode"]);

export type FolderState =
  | { kind: "missing" }
  | { kind: "not-a-folder" }
  | { kind: "usable"; harmless: string[] }
  | { kind: "conflicts"; conflicts: string[] };

export function inspectFolder(dir: string): FolderState {
  if (!existsSync(dir)) return { kind: "missing" };
  if (!statSync(dir).isDirectory()) return { kind: "not-a-folder" };

  const entries = readdirSync(dir).sort();
  const conflicts = entries.filter((entry) => !harmlessEntries.has(entry));
  if (conflicts.length > 0) return { kind: "conflicts", conflicts };
  return { kind: "usable", harmless: entries };
}

/** "a, b, c and 4 more": enough to recognise a folder in one line. */
export function listForHumans(names: string[], shown = 5): string {
  const head = names.slice(0, shown).join(", ");
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}

/**
 * Remembers what existed before this run, so that a failure or Ctrl+C removes
 * exactly what the run created (files, folders, install output) and nothing the
 * user had. Files that `--force` overwrote are not restored.
 */
export class CreatedPaths {
  private readonly folderExisted: boolean;
  private readonly before: Set<string>;
  private readonly created: string[] = [];

  constructor(private readonly dir: string) {
    this.folderExisted = existsSync(dir);
    this.before = new Set(this.folderExisted ? readdirSync(dir) : []);
  }

  /** Records `path` as created by this run unless it exists already; call before writing it. */
  claim(path: string): void {
    if (!existsSync(path)) this.created.push(path);
  }

  /** Records a path known to be new, such as the first folder `mkdirSync` made. */
  add(path: string): void {
    this.created.push(path);
  }

  /** Best effort: what cannot be removed stays, and the error that led here is the one reported. */
  removeAll(): void {
    if (!this.folderExisted) {
      remove(this.dir);
      return;
    }
    for (const path of this.created.reverse()) remove(path);
    if (!existsSync(this.dir)) return;
    for (const entry of readdirSync(this.dir)) {
      if (!this.before.has(entry)) remove(join(this.dir, entry));
    }
  }
}

function remove(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Left in place; the caller is already reporting the failure that started the clean-up.
  }
}
