import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import ejs from "ejs";
import type { CreatedPaths } from "./folders.js";
import { templatesDir } from "./paths.js";

/** Dotfiles are stored under other names because `npm pack` drops a literal `.gitignore`. */
const renamedOnWrite: Record<string, string> = {
  _gitignore: ".gitignore",
  "_env.example": ".env.example",
};

/** A user's README is kept unless `--force`; a `.gitignore` is always kept and extended. */
const keptUnlessForced = new Set(["README.md"]);

export interface ScaffoldOptions {
  dir: string;
  packageName: string;
  force: boolean;
  created: CreatedPaths;
}

export interface ScaffoldResult {
  written: string[];
  /** The user's files left as they were (README.md) or extended (.gitignore). */
  keptUserFiles: string[];
  /** The user's files replaced by the template's (`--force`, or a yes in the terminal). */
  overwritten: string[];
}

/** Writes the bot template into `dir`; every file is the template's file as it lands. */
export function scaffoldBot(options: ScaffoldOptions): ScaffoldResult {
  const source = join(templatesDir, "bot");
  const result: ScaffoldResult = { written: [], keptUserFiles: [], overwritten: [] };

  for (const file of listFiles(source)) {
    const { target, content } = render(file, readFileSync(join(source, file)), options.packageName);
    const path = join(options.dir, target);

    if (existsSync(path)) {
      if (target === ".gitignore" || (!options.force && keptUnlessForced.has(target))) {
        if (target === ".gitignore") appendMissingLines(path, content.toString());
        result.keptUserFiles.push(target);
        continue;
      }
      result.overwritten.push(target);
    }
    writeWithParents(path, content, options.created);
    result.written.push(target);
  }
  return result;
}

function render(
  file: string,
  content: Buffer,
  packageName: string,
): { target: string; content: Buffer | string } {
  const parts = file.split("/");
  const last = parts.pop()!;
  const name = renamedOnWrite[last] ?? last;

  if (file === "package.json") {
    const manifest = JSON.parse(content.toString("utf8")) as Record<string, unknown>;
    return {
      target: file,
      content: JSON.stringify({ ...manifest, name: packageName }, null, 2) + "\n",
    };
  }
  if (name.endsWith(".ejs")) {
    const text = ejs.render(content.toString("utf8"), { name: escapeMarkdown(packageName) });
    return { target: [...parts, name.slice(0, -".ejs".length)].join("/"), content: text };
  }
  return { target: [...parts, name].join("/"), content };
}

/** Package names may hold `_` and `~`, which Markdown would read as emphasis or strike-through. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~[\]<>|]/g, (char) => `\\${char}`);
}

function writeWithParents(path: string, content: Buffer | string, created: CreatedPaths): void {
  const firstNewFolder = mkdirSync(dirname(path), { recursive: true });
  if (firstNewFolder) created.add(firstNewFolder);
  created.claim(path);
  writeFileSync(path, content);
}

/** Keeps the user's ignore rules and adds ours, so `.env` and the database are never committed. */
function appendMissingLines(path: string, template: string): void {
  const existing = readFileSync(path, "utf8");
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const missing = template.split("\n").filter((line) => line.trim() && !present.has(line.trim()));
  if (missing.length === 0) return;
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  const separator = existing === "" || existing.endsWith("\n") ? "" : eol;
  appendFileSync(path, `${separator}${missing.join(eol)}${eol}`);
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listFiles(root, path);
      return [relative(root, path).split("\\").join("/")];
    })
    .sort();
}
