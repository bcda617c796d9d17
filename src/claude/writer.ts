import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { CliError } from "../errors.js";

interface Undo {
  shownPath: string;
  revert(): void;
}

/**
 * Writes one install's files into a project, all or nothing: when a write
 * fails, the files and folders this run created are removed and the files
 * it replaced get their old bytes and mode back, then one CliError names the
 * file and what to do.
 */
export class ProjectWriter {
  private readonly undo: Undo[] = [];

  constructor(private readonly projectDir: string) {}

  /** Writes a file at a project-relative POSIX path, with `mode` when given. */
  write(shownPath: string, content: Buffer | string, mode?: number): void {
    this.attempt(shownPath, () => {
      const path = this.pathOf(shownPath);
      this.makeFolders(dirname(path));
      this.remember(shownPath, path);
      writeFileSync(path, content);
      if (mode !== undefined) chmodSync(path, mode);
    });
  }

  setMode(shownPath: string, mode: number): void {
    this.attempt(shownPath, () => {
      const path = this.pathOf(shownPath);
      if ((statSync(path).mode & 0o7777) === mode) return;
      this.remember(shownPath, path);
      chmodSync(path, mode);
    });
  }

  /**
   * Replaces a file in one rename, so a crash never leaves half of it. A
   * symlink is followed and stays a link; the file keeps its permission bits.
   */
  replace(shownPath: string, content: string): void {
    this.attempt(shownPath, () => {
      const path = followLink(this.pathOf(shownPath));
      this.makeFolders(dirname(path));
      const mode = existsSync(path) ? statSync(path).mode & 0o7777 : undefined;
      const temporary = `${path}.${process.pid}.tmp`;
      this.remember(shownPath, path);
      try {
        writeFileSync(temporary, content);
        if (mode !== undefined) chmodSync(temporary, mode);
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    });
  }

  private attempt(shownPath: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      const notUndone = this.rollback();
      throw new CliError(
        `cannot write ${shownPath}: ${explain(error, this.projectDir, shownPath)}, then run again` +
          (notUndone.length === 0
            ? " (nothing was changed)"
            : ` (left behind, remove or check them: ${notUndone.join(", ")})`),
      );
    }
  }

  /** Undoes every write, newest first; returns the paths it could not restore. */
  private rollback(): string[] {
    const failed = new Set<string>();
    for (const step of this.undo.reverse()) {
      try {
        step.revert();
      } catch {
        failed.add(step.shownPath);
      }
    }
    this.undo.length = 0;
    return [...failed];
  }

  private remember(shownPath: string, path: string): void {
    if (!existsSync(path)) {
      this.undo.push({ shownPath, revert: () => rmSync(path, { force: true }) });
      return;
    }
    const content = readFileSync(path);
    const mode = statSync(path).mode & 0o7777;
    this.undo.push({
      shownPath,
      revert: () => {
        writeFileSync(path, content);
        chmodSync(path, mode);
      },
    });
  }

  /** Creates missing folders one by one, so that exactly those are removed on undo. */
  private makeFolders(dir: string): void {
    if (existsSync(dir)) return;
    this.makeFolders(dirname(dir));
    mkdirSync(dir);
    const shownPath = relative(this.projectDir, dir).split(/[\\/]/).join("/") + "/";
    // A folder that is not empty on undo holds something this run did not write.
    this.undo.push({ shownPath, revert: () => rmdirSync(dir) });
  }

  private pathOf(shownPath: string): string {
    return join(this.projectDir, ...shownPath.split("/"));
  }
}

/** The file a symlink points at (even when it does not exist yet); other paths as they are. */
function followLink(path: string): string {
  if (!lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) return path;
  try {
    return realpathSync(path);
  } catch {
    return resolve(dirname(path), readlinkSync(path));
  }
}

/** What went wrong and what to do about it, without Node's codes and absolute paths. */
function explain(error: unknown, projectDir: string, shownPath: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = shownPath.split("/").slice(0, -1).join("/") || ".";
  if (code === "EACCES" || code === "EPERM") {
    return `permission denied; give yourself write access to ${folder} (or run as its owner)`;
  }
  if (code === "EROFS") return `the file system is read-only; make ${folder} writable`;
  if (code === "ENOSPC" || code === "EDQUOT") return "the disk is full; free some space";
  if (code === "ENOTDIR" || code === "EEXIST") {
    const file = firstFileOnPath(projectDir, shownPath);
    if (file) return `${file} is a file, not a folder; move it away`;
  }
  if (code === "EISDIR") return `${shownPath} is a folder; move it away`;
  return `${String((error as Error).message ?? error).replace(/\s+/g, " ")}; fix that`;
}

function firstFileOnPath(projectDir: string, shownPath: string): string | null {
  const parts = shownPath.split("/");
  for (let i = 1; i < parts.length; i++) {
    const stats = statSync(join(projectDir, ...parts.slice(0, i)), { throwIfNoEntry: false });
    if (stats && !stats.isDirectory()) return parts.slice(0, i).join("/");
  }
  return null;
}
