import { basename, resolve } from "node:path";
import validate from "validate-npm-package-name";

/** Used when nothing of the user's input survives conversion. */
export const defaultPackageName = "throttled-bot";

// Letters that Unicode normalisation does not split into base letter + accent.
const foldedLetters: Record<string, string> = {
  ø: "o",
  æ: "ae",
  œ: "oe",
  ß: "ss",
  đ: "d",
  ð: "d",
  ł: "l",
  þ: "th",
  ı: "i",
};

/** Trims a folder argument and drops trailing slashes; `.` stays `.`. */
export function formatTargetDir(input: string): string {
  return input.trim().replace(/(.)\/+$/, "$1");
}

/**
 * The first character of `dir` that must not be in a folder name: control characters, and
 * those Windows refuses (`< > : " | ? *`, and a backslash outside Windows, where it would
 * become part of the name). Rejected rather than removed, because removing them can turn a
 * name into another path (`<x>/../y`, `/<a>`).
 */
export function unsafeCharacter(dir: string, platform = process.platform): string | undefined {
  const path = platform === "win32" ? dir.replace(/^[a-zA-Z]:/, "") : dir;
  const unsafe =
    platform === "win32" ? /[<>:"|?*\u0000-\u001f\u007f]/ : /[<>:"|?*\\\u0000-\u001f\u007f]/;
  return unsafe.exec(path)?.[0];
}

export interface Project {
  /** Absolute folder to write into. */
  dir: string;
  /** The name npm accepts, for package.json. */
  packageName: string;
  /** The name as the user gave it, to say when the package name differs. */
  asked: string;
}

/**
 * Where to write and what to call the package. `@scope/name` keeps its scope
 * in the package name and writes into folder `name`; `.` is the current folder.
 */
export function resolveProject(dirArg: string, cwd: string): Project {
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(dirArg);
  if (scoped) {
    const [, scope, name] = scoped;
    return { dir: resolve(cwd, name!), packageName: toPackageName(name!, scope), asked: dirArg };
  }
  const dir = resolve(cwd, dirArg);
  return { dir, packageName: toPackageName(basename(dir)), asked: basename(dir) };
}

/** Converts any text into a name that npm accepts for a new package. */
export function toPackageName(name: string, scope?: string): string {
  const base = slug(name) || defaultPackageName;
  const scopeSlug = scope === undefined ? "" : slug(scope);
  const candidate = scopeSlug ? `@${scopeSlug}/${base}` : base;
  if (validate(candidate).validForNewPackages) return candidate;
  // Reserved names (node_modules, favicon.ico, core modules such as `http`).
  const suffixed = scopeSlug ? `@${scopeSlug}/${base}-bot` : `${base}-bot`;
  return validate(suffixed).validForNewPackages ? suffixed : defaultPackageName;
}

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/[øæœßđðłþı]/g, (letter) => foldedLetters[letter] ?? letter)
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-._~]+/, "")
    .replace(/[-.]+$/, "")
    .slice(0, 200)
    .replace(/[-.]+$/, "");
}
