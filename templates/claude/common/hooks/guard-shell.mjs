#!/usr/bin/env node
// PreToolUse guard for the Bash and PowerShell tools. Reads the hook input on
// stdin and exits 2 with a reason on stderr when the command would destroy
// something that cannot be recovered or print a secret into the transcript.
// Any error of the guard itself also exits 2: a guard that crashes must not
// wave the command through (Claude Code treats every other exit code as
// "go ahead").
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { posix, win32 } from "node:path";

const MAIN_BRANCHES = new Set(["main", "master"]);
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|CREDENTIAL)/i;
const UNKNOWN = "\u0001";
// A `${VAR:?}` expansion: the shell aborts when VAR is empty, so it is safe.
const CHECKED = "\u0002";

function main() {
  try {
    const input = JSON.parse(readFileSync(0, "utf8") || "null");
    const command = input?.tool_input?.command;
    if (typeof command !== "string") return;

    const dialect = /powershell/i.test(String(input.tool_name)) ? "pwsh" : "bash";
    const reason = findDanger(command, dialect, contextFrom(input));
    if (reason) block(`${reason} Ask the user to run it themselves if it is really intended.`);
  } catch (error) {
    block(`the guard could not check this command (${error?.message ?? error}), so it is blocked.`);
  }
}

function block(reason) {
  process.stderr.write(`Blocked by the guard-shell hook: ${reason}\n`);
  process.exit(2);
}

/** Where the command runs and which folders must survive it. */
function contextFrom(input) {
  const cwd = String(input.cwd || process.cwd());
  const path = looksWindows(cwd) ? win32 : posix;
  const home = process.env.HOME || process.env.USERPROFILE || homedir();
  const project = process.env.CLAUDE_PROJECT_DIR || findRepoRoot(cwd, path) || cwd;
  return { cwd, path, home, project };
}

function looksWindows(p) {
  return /^[A-Za-z]:([\\/]|$)/.test(p) || p.startsWith("\\\\");
}

function findRepoRoot(start, path) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Returns the first reason to block, or null. */
function findDanger(script, dialect, context, depth = 0) {
  if (depth > 8) return "the command nests shells too deeply to check.";

  if (dialect === "pwsh") {
    const reason = checkEnvironmentClass(script);
    if (reason) return reason;
  }
  const { commands, nested } = parseScript(script, dialect, context);
  const databasePipelines = new Set(
    commands.filter((c) => c.words.some(isDatabaseClient)).map((c) => c.pipeline),
  );
  let cwd = context.cwd;
  for (const command of commands) {
    const words = unwrap(command.words);
    const name = commandName(words[0]);
    const here = { ...context, cwd };

    if (["cd", "chdir", "pushd", "set-location", "sl"].includes(name)) {
      cwd = changeDirectory(words[1], here);
      continue;
    }
    const reason =
      checkNestedShell(name, words, here, depth) ??
      checkDelete(name, words, dialect, here) ??
      checkGit(name, words, here) ??
      checkDatabase(name, words, command, databasePipelines.has(command.pipeline)) ??
      checkSecrets(name, words, command, dialect, here);
    if (reason) return reason;
  }
  for (const inner of nested) {
    const reason = findDanger(inner, dialect, { ...context, cwd }, depth + 1);
    if (reason) return reason;
  }
  return null;
}

function changeDirectory(target, context) {
  if (!target || target === "~") return context.home;
  if (target.includes(UNKNOWN) || target.startsWith("-")) return context.cwd;
  return resolveIn(context, target);
}

/**
 * Splits a script into simple commands (arrays of words, quotes removed,
 * known variables expanded) and the scripts nested in `$(...)` or backticks.
 * A word that depends on something unknown holds the UNKNOWN marker. Each
 * command also keeps the files it reads with `<` (`inputs`) and whether its
 * output goes to a file rather than the terminal (`outputToFile`).
 */
function parseScript(src, dialect, context) {
  const commands = [];
  const nested = [];
  const escape = { bash: "\\", pwsh: "`", cmd: "^" }[dialect];
  let words = [];
  let variables = [];
  let inputs = [];
  let outputToFile = false;
  let readingInput = false;
  let word = null;
  let pipeline = 0;

  const emit = {
    append(text) {
      word = (word ?? "") + text;
    },
    variable(name) {
      const bare = name.replace(/^env:/i, "");
      if (SECRET_NAME.test(bare)) variables.push(bare);
    },
    nested(script) {
      nested.push(script);
    },
  };
  const endWord = () => {
    if (word === null) return;
    (readingInput ? inputs : words).push(word);
    readingInput = false;
    word = null;
  };
  const endCommand = (joinsPipeline) => {
    endWord();
    if (words.length || inputs.length) {
      const text = words.join(" ");
      commands.push({ words, variables, inputs, outputToFile, pipeline, text });
    }
    words = [];
    variables = [];
    inputs = [];
    outputToFile = false;
    readingInput = false;
    if (!joinsPipeline) pipeline++;
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === escape && i + 1 < src.length) {
      if (src[i + 1] !== "\n") emit.append(src[i + 1]);
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
    } else if (c === "\n" || c === ";" || c === "(" || c === ")") {
      endCommand(false);
    } else if (c === "|") {
      const or = src[i + 1] === "|";
      if (or || src[i + 1] === "&") i++;
      endCommand(!or);
    } else if (c === "&") {
      if (src[i + 1] === "&") i++;
      else if (src[i + 1] === ">") continue;
      endCommand(false);
    } else if (c === ">") {
      const fd = /^\d+$/.test(word ?? "") ? word : "1";
      if (fd === word) word = null;
      endWord();
      const end = skipRedirectTarget(src, i);
      if (
        fd === "1" &&
        !src[i + 1]?.match(/[&>]/) &&
        !isTerminal(src.slice(i + 1, end + 1).trim())
      ) {
        outputToFile = true;
      }
      i = end;
    } else if (c === "<") {
      if (/^\d+$/.test(word ?? "")) word = null;
      endWord();
      // `<<` (here-document, here-string) and `<(` are not files read.
      if (src[i + 1] === "<") while (src[i + 1] === "<") i++;
      else if (src[i + 1] !== "(") readingInput = true;
    } else if (c === "#" && word === null && dialect !== "cmd") {
      while (i + 1 < src.length && src[i + 1] !== "\n") i++;
    } else if (c === "'" && dialect !== "cmd") {
      const end = findClosingSingle(src, i, dialect);
      emit.append(src.slice(i + 1, end).replaceAll(dialect === "pwsh" ? "''" : "\u0000", "'"));
      i = end;
    } else if (c === '"') {
      i = readDoubleQuoted(src, i, dialect, context, emit);
    } else if (c === "$" && dialect === "bash" && src[i + 1] === "'") {
      // $'...' is quoting with C escapes, not expansion: $'\162m' runs rm.
      const end = findClosingAnsiC(src, i + 1);
      emit.append(decodeAnsiC(src.slice(i + 2, end)));
      i = end;
    } else if (c === "$" && dialect === "bash" && src[i + 1] === '"') {
      continue;
    } else if ((c === "$" && dialect !== "cmd") || (c === "`" && dialect === "bash")) {
      i = readExpansion(src, i, dialect, context, emit);
    } else if (c === "%" && /^%\w+%/.test(src.slice(i))) {
      const name = src.slice(i + 1, src.indexOf("%", i + 1));
      emit.append(expandVariable(name, context));
      emit.variable(name);
      i = src.indexOf("%", i + 1);
    } else if (c === "~" && word === null && /^~($|[\\/\s;|&)])/.test(src.slice(i))) {
      emit.append(context.home);
    } else {
      emit.append(c);
    }
  }
  endCommand(false);
  return { commands, nested };
}

function skipRedirectTarget(src, i) {
  let j = i + 1;
  while (src[j] === ">" || src[j] === "&" || src[j] === "|") j++;
  while (src[j] === " " || src[j] === "\t") j++;
  while (j < src.length && !/[\s;|&()<>]/.test(src[j])) j++;
  return j - 1;
}

/** Whether a redirection target is the terminal rather than a file. */
function isTerminal(target) {
  return /^(&|\/dev\/(stdout|stderr|tty|fd\/[12])$|\/proc\/self\/fd\/[12]$)/.test(target);
}

function findClosingAnsiC(src, open) {
  for (let j = open + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === "'") return j;
  }
  return src.length;
}

const C_ESCAPES = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function decodeAnsiC(body) {
  return body.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|[\s\S])/g,
    (_, e) => {
      if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
      if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
      if (e[0] === "c" && e.length === 2) return String.fromCharCode(e.charCodeAt(1) & 0x1f);
      return C_ESCAPES[e] ?? e;
    },
  );
}

function findClosingSingle(src, start, dialect) {
  for (let j = start + 1; j < src.length; j++) {
    if (src[j] !== "'") continue;
    if (dialect === "pwsh" && src[j + 1] === "'") {
      j++;
      continue;
    }
    return j;
  }
  return src.length;
}

function readDoubleQuoted(src, start, dialect, context, emit) {
  const escape = dialect === "pwsh" ? "`" : dialect === "bash" ? "\\" : null;
  let i = start + 1;
  emit.append("");
  for (; i < src.length && src[i] !== '"'; i++) {
    const c = src[i];
    // Inside bash double quotes a backslash only escapes $ ` " \ and newline,
    // so "C:\Users" keeps its backslash.
    const escapes = dialect !== "bash" || /[$`"\\\n]/.test(src[i + 1] ?? "");
    if (c === escape && escapes && i + 1 < src.length) {
      emit.append(src[i + 1]);
      i++;
    } else if ((c === "$" && dialect !== "cmd") || (c === "`" && dialect === "bash")) {
      i = readExpansion(src, i, dialect, context, emit);
    } else {
      emit.append(c);
    }
  }
  return i;
}

/** Handles `$(...)`, backticks, `${NAME...}`, `$NAME` and `$env:NAME`. */
function readExpansion(src, i, dialect, context, emit) {
  if (src[i] === "`") {
    const end = src.indexOf("`", i + 1);
    const inner = src.slice(i + 1, end < 0 ? src.length : end);
    emit.nested(inner);
    emit.append(inner.trim() === "pwd" ? context.cwd : UNKNOWN);
    return end < 0 ? src.length : end;
  }
  if (src[i + 1] === "(") {
    const end = findClosingParen(src, i + 1);
    const inner = src.slice(i + 2, end);
    emit.nested(inner);
    emit.append(/^\s*(pwd|Get-Location)\s*$/i.test(inner) ? context.cwd : UNKNOWN);
    return end;
  }
  if (src[i + 1] === "{") {
    const end = src.indexOf("}", i + 2);
    const body = src.slice(i + 2, end < 0 ? src.length : end);
    const name = body.match(/^(env:)?\w+/i)?.[0] ?? "";
    const modifier = body.slice(name.length);
    // ${VAR:+text} and ${#VAR} never print the value itself.
    if (!/^:?\+/.test(modifier)) emit.variable(name);
    emit.append(
      modifier === ""
        ? expandVariable(name, context)
        : modifier.startsWith(":?")
          ? CHECKED
          : UNKNOWN,
    );
    return end < 0 ? src.length : end;
  }
  const name = src.slice(i + 1).match(dialect === "pwsh" ? /^(env:)?\w+/i : /^\w+/)?.[0];
  if (!name) {
    emit.append("$");
    return i;
  }
  emit.variable(name);
  emit.append(expandVariable(name, context));
  return i + name.length;
}

function findClosingParen(src, open) {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === "(") depth++;
    else if (src[j] === ")" && --depth === 0) return j;
  }
  return src.length;
}

function expandVariable(name, context) {
  const bare = name.replace(/^env:/i, "").toUpperCase();
  if (bare === "HOME" || bare === "USERPROFILE") return context.home;
  if (bare === "PWD") return context.cwd;
  if (bare === "CLAUDE_PROJECT_DIR") return context.project;
  return UNKNOWN;
}

/**
 * The script handed to a nested shell: one word is a quoted script of its own;
 * several words are re-quoted so that a path with spaces stays one word.
 */
function joinWords(words) {
  if (words.length === 1) return words[0];
  return words.map((w) => (/\s/.test(w) ? `"${w.replaceAll('"', '\\"')}"` : w)).join(" ");
}

/** Drops privilege and timing wrappers so that `sudo rm` is judged as `rm`. */
function unwrap(words) {
  const rest = words.filter((w) => w !== "{" && w !== "}" && w !== "!");
  const last = rest.at(-1);
  while (rest.length) {
    const name = commandName(rest[0]);
    if (/^\w+=/.test(rest[0])) {
      rest.shift();
    } else if (["sudo", "doas", "nohup", "time", "command", "builtin", "exec"].includes(name)) {
      rest.shift();
      while (rest[0]?.startsWith("-")) {
        const flag = rest.shift();
        if (name === "sudo" && /^-[ugCDhpRrT]$/.test(flag)) rest.shift();
      }
    } else if (["env", "nice", "ionice", "stdbuf", "xargs"].includes(name)) {
      rest.shift();
      while (rest[0]?.startsWith("-") || /^\w+=/.test(rest[0] ?? "")) {
        const flag = rest.shift();
        if (/^-(n|u|c|I|L|P|S)$/.test(flag)) rest.shift();
      }
    } else if (name === "timeout") {
      rest.shift();
      while (rest[0]?.startsWith("-")) rest.shift();
      rest.shift();
    } else if (name === "&" || name === ".") {
      rest.shift();
    } else {
      break;
    }
  }
  // A bare `env` or `sudo` is itself the command.
  return rest.length ? rest : [last ?? ""];
}

function commandName(word) {
  const base = word.split(/[\\/]/).pop() ?? "";
  return base.toLowerCase().replace(/\.(exe|cmd|bat|com)$/, "");
}

function checkNestedShell(name, words, context, depth) {
  const inner = nestedScript(name, words);
  if (!inner) return null;
  return findDanger(inner.script, inner.dialect, context, depth + 1);
}

function nestedScript(name, words) {
  if (["bash", "sh", "zsh", "dash", "ksh", "fish", "busybox"].includes(name)) {
    const at = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
    return at > 0 && words[at + 1] ? { script: words[at + 1], dialect: "bash" } : null;
  }
  if (name === "eval") return { script: joinWords(words.slice(1)), dialect: "bash" };
  if (name === "pwsh" || name === "powershell") {
    const at = words.findIndex((w, i) => i > 0 && /^-(c|command|e|enc|encodedcommand)$/i.test(w));
    if (at < 0 || !words[at + 1]) return null;
    const encoded = /^-e/i.test(words[at]);
    const script = encoded
      ? Buffer.from(words[at + 1], "base64").toString("utf16le")
      : joinWords(words.slice(at + 1));
    return { script, dialect: "pwsh" };
  }
  if (name === "invoke-expression" || name === "iex") {
    return { script: joinWords(words.slice(1)), dialect: "pwsh" };
  }
  if (name === "cmd") {
    const at = words.findIndex((w) => /^\/\/?[ck]$/i.test(w));
    return at > 0 ? { script: joinWords(words.slice(at + 1)), dialect: "cmd" } : null;
  }
  return null;
}

function checkDelete(name, words, dialect, context) {
  const targets = deletedTrees(name, words, dialect);
  for (const target of targets) {
    const what = describeDanger(target, context);
    if (what)
      return `this recursively deletes ${what}. Delete the specific files or subfolders instead.`;
  }
  return null;
}

/** The paths a command would delete recursively, as written. */
function deletedTrees(name, words, dialect) {
  const args = words.slice(1);
  const removeItem = ["remove-item", "ri", "del", "erase", "rd", "rmdir"];
  if (dialect === "pwsh" && (name === "rm" || removeItem.includes(name))) {
    return removeItemPaths(args);
  }
  if (name === "rm") return rmPaths(args);
  if (name === "rd" || name === "rmdir" || name === "del" || name === "erase") {
    return args.some((a) => /^\/s$/i.test(a)) ? args.filter((a) => !a.startsWith("/")) : [];
  }
  if (name === "find") return findPaths(args);
  return [];
}

function rmPaths(args) {
  let recursive = false;
  const paths = [];
  let options = true;
  for (const arg of args) {
    if (options && arg === "--") options = false;
    else if (options && arg.startsWith("--")) recursive ||= arg === "--recursive";
    else if (options && arg.startsWith("-") && arg.length > 1) recursive ||= /[rR]/.test(arg);
    else paths.push(arg);
  }
  return recursive ? paths : [];
}

function removeItemPaths(args) {
  const paths = [];
  const takesValue = /^-(filter|include|exclude|credential|stream)/i;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const named = arg.match(/^-(path|literalpath|lp|pspath)(:(.*))?$/i);
    if (named) paths.push(...(named[3] ?? args[++i] ?? "").split(","));
    else if (takesValue.test(arg)) i++;
    else if (!arg.startsWith("-")) paths.push(...arg.split(","));
  }
  return paths.filter(Boolean);
}

/** `find` deletes a whole tree when it deletes without a name or path filter. */
function findPaths(args) {
  const deletes =
    args.includes("-delete") ||
    args.some((a, i) => /^-(exec|execdir|ok)$/.test(a) && commandName(args[i + 1] ?? "") === "rm");
  const narrowed = args.some((a) => /^-(i?name|i?path|i?regex|empty)$/.test(a));
  if (!deletes || narrowed) return [];
  const starts = [];
  for (const arg of args) {
    if (arg.startsWith("-") || arg === "!") break;
    starts.push(arg);
  }
  return starts.length ? starts : ["."];
}

/** Names what would be lost when `target` is deleted, or null if it is harmless. */
function describeDanger(target, context) {
  if (/^\u0001[\\/]+\.?\*?$/.test(target)) {
    return "a path built from a variable that may be empty, which would be the filesystem root";
  }
  if (target.includes(UNKNOWN) || target.includes(CHECKED)) return null;

  const path = pathFlavor(context, target);
  const resolved = resolveIn(context, target.replace(/\.?\*$/, "") || ".");
  const root = path.parse(resolved).root;
  const same = (a, b) => normalizeForCompare(a, path) === normalizeForCompare(b, path);
  const contains = (outer, inner) => {
    const rel = path.relative(outer, inner);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
  };

  if (same(resolved, root)) return `the filesystem root (${resolved})`;
  if (path.basename(resolved).toLowerCase() === ".git") {
    return `a repository's whole history (${resolved})`;
  }
  if (contains(resolved, context.home)) {
    return (
      `the home folder${same(resolved, context.home) ? "" : " and everything above it"} ` +
      `(${resolved})`
    );
  }
  if (contains(resolved, context.project)) return `the whole project (${resolved})`;
  return null;
}

function pathFlavor(context, target) {
  return context.path === win32 || looksWindows(target) ? win32 : posix;
}

function resolveIn(context, target) {
  const path = pathFlavor(context, target);
  const native = path === win32 ? fromMsys(target) : target;
  return path.resolve(path === win32 && !looksWindows(context.cwd) ? "C:\\" : context.cwd, native);
}

/** Git Bash spells C:\Users as /c/Users. */
function fromMsys(p) {
  const match = p.match(/^\/([A-Za-z])(\/.*)?$/);
  return match ? `${match[1].toUpperCase()}:${(match[2] ?? "\\").replaceAll("/", "\\")}` : p;
}

function normalizeForCompare(p, path) {
  const normal = path.normalize(p).replace(/[\\/]+$/, "") || path.sep;
  return path === win32 ? normal.toLowerCase() : normal;
}

function checkGit(name, words, context) {
  if (name !== "git") return null;
  let gitDir = context.cwd;
  let i = 1;
  for (; i < words.length && words[i].startsWith("-"); i++) {
    if (words[i] === "-C") gitDir = resolveIn({ ...context, cwd: gitDir }, words[++i] ?? ".");
    else if (words[i] === "-c") i++;
  }
  const args = words.slice(i + 1);
  const flags = args.filter((a) => a.startsWith("-"));
  const positional = args.filter((a) => !a.startsWith("-"));
  const shortFlags = flags.filter((f) => /^-[a-zA-Z]+$/.test(f)).join("");

  switch (words[i]) {
    case "push":
      return checkGitPush(flags, positional, gitDir);
    case "branch": {
      const deletes = /[dD]/.test(shortFlags) || flags.includes("--delete");
      const main = positional.find((b) => MAIN_BRANCHES.has(b));
      return deletes && main ? `this deletes the ${main} branch.` : null;
    }
    case "update-ref": {
      const main = positional.find((r) => MAIN_BRANCHES.has(r.replace(/^refs\/heads\//, "")));
      return flags.includes("-d") && main ? `this deletes the ${main} branch.` : null;
    }
    case "clean": {
      const forced = shortFlags.includes("f") || flags.includes("--force");
      const dryRun = shortFlags.includes("n") || flags.includes("--dry-run");
      if (forced && !dryRun && /[xX]/.test(shortFlags)) {
        return (
          "`git clean -x` deletes ignored files too: .env, local settings and data. " +
          "Use `git clean -n -x` to see the list, then delete what is really unwanted."
        );
      }
      return null;
    }
    case "show":
    case "cat-file":
    case "diff":
    case "blame":
    case "log": {
      if (words[i] === "log" && !flags.some((f) => /^(-p|--patch|-u)$/.test(f))) return null;
      const paths = positional.map((a) => a.slice(a.indexOf(":") + 1));
      return paths.some((p) => mayBeSecretFile(p, context)) ? SECRET_FILE_REASON : null;
    }
    default:
      return null;
  }
}

function checkGitPush(flags, positional, gitDir) {
  const forced =
    flags.some((f) => /^--force($|-with-lease|-if-includes)/.test(f) || /^-[a-z]*f/.test(f)) ||
    positional.slice(1).some((r) => r.startsWith("+"));
  const deletes =
    flags.includes("--delete") ||
    flags.includes("-d") ||
    positional.slice(1).some((r) => r.startsWith(":"));

  if (flags.includes("--mirror")) return "`git push --mirror` overwrites every remote branch.";
  if (!forced && !deletes) return null;
  const refspecs = positional.slice(1);
  const targets = refspecs.length
    ? refspecs.map((r) => destinationBranch(r, gitDir))
    : [flags.includes("--all") ? "main" : currentBranch(gitDir)];
  const hit = targets.find((b) => b === null || MAIN_BRANCHES.has(b));
  if (hit === undefined) return null;
  if (hit === null) return "this force-pushes a branch the guard cannot name; name it explicitly.";
  return (
    `this ${deletes ? "deletes" : "force-pushes"} the ${hit} branch ` +
    `and can destroy shared history.`
  );
}

function destinationBranch(refspec, gitDir) {
  const spec = refspec.replace(/^\+/, "");
  const destination = spec.includes(":") ? spec.slice(spec.indexOf(":") + 1) : spec;
  if (destination === "HEAD" || destination === "") return currentBranch(gitDir);
  return destination.replace(/^refs\/heads\//, "");
}

/** Reads the checked-out branch from .git/HEAD (also in worktrees) without running git. */
function currentBranch(start) {
  const path = looksWindows(start) ? win32 : posix;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    if (existsSync(dotGit)) {
      const gitDir = statSync(dotGit).isDirectory()
        ? dotGit
        : path.resolve(
            dir,
            readFileSync(dotGit, "utf8")
              .replace(/^gitdir:\s*/, "")
              .trim(),
          );
      const head = readFileSync(path.join(gitDir, "HEAD"), "utf8");
      return head.match(/^ref: refs\/heads\/(.+)$/m)?.[1].trim() ?? null;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function isDatabaseClient(word) {
  return DB_CLIENTS.has(commandName(word));
}

const DB_CLIENTS = new Set([
  "psql",
  "mysql",
  "mariadb",
  "sqlite3",
  "sqlcmd",
  "mongo",
  "mongosh",
  "duckdb",
  "clickhouse-client",
  "cockroach",
  "redis-cli",
  "wp",
]);

function checkDatabase(name, words, command, pipesIntoDatabase) {
  const text = command.text;
  const tool = ["rails", "rake", "php", "bundle", "npx", "prisma"].includes(name);
  if (name === "dropdb") return "`dropdb` deletes a database.";
  if (name === "mysqladmin" && words.some((w) => /^drop$/i.test(w))) {
    return "`mysqladmin drop` deletes a database.";
  }
  if (name === "wp" && words[1] === "db" && /^(drop|reset|clean)$/.test(words[2] ?? "")) {
    return `\`wp db ${words[2]}\` deletes the WordPress database tables.`;
  }
  if (tool && /\b(db:drop|db:wipe|migrate:fresh|db:reset)\b/.test(text)) {
    return "this drops or wipes the application database.";
  }
  if (tool && /\bprisma\b.*(\bmigrate reset\b|--force-reset)/.test(text)) {
    return "this resets the database and deletes its data.";
  }
  if (pipesIntoDatabase) {
    if (/\bdrop\s+(database|schema)\b/i.test(text)) return "this drops a database.";
    if (/\bdropDatabase\s*\(/.test(text)) return "this drops a MongoDB database.";
    if (/\bflush(all|db)\b/i.test(text)) return "this empties a Redis database.";
  }
  return null;
}

const READERS = new Set([
  "cat",
  "tac",
  "nl",
  "less",
  "more",
  "most",
  "head",
  "tail",
  "bat",
  "batcat",
  "view",
  "strings",
  "xxd",
  "od",
  "hexdump",
  "base64",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ack",
  "sed",
  "awk",
  "gawk",
  "cut",
  "sort",
  "uniq",
  "column",
  "jq",
  "yq",
  "diff",
  "type",
  "get-content",
  "gc",
  "select-string",
  "sls",
  "findstr",
  "format-hex",
]);
const INTERPRETERS = new Set([
  "node",
  "bun",
  "deno",
  "tsx",
  "ts-node",
  "python",
  "python3",
  "py",
  "ruby",
  "php",
  "perl",
]);
const PRINTERS = new Set([
  "echo",
  "printf",
  "print",
  "write-output",
  "write-host",
  "write-information",
  "out-host",
]);

const SECRET_FILE_REASON =
  "this prints a secrets file (.env, keys or credentials) into the conversation. " +
  "Read the variable names from .env.example, " +
  "or check a single value's presence with `test -n`.";

function checkSecrets(name, words, command, dialect, context) {
  const args = words.slice(1);
  const secret = (word) => mayBeSecretFile(word, context);
  if (READERS.has(name) && args.some(secret)) return SECRET_FILE_REASON;
  if (command.inputs.some(secret) && !command.outputToFile) return SECRET_FILE_REASON;
  if (name === "cp" && args.some(secret) && args.some(isTerminal)) return SECRET_FILE_REASON;
  if (name === "dd" && args.some((a) => a.startsWith("if=") && secret(a.slice(3)))) {
    const output = args.find((a) => a.startsWith("of="))?.slice(3);
    if (output === undefined || isTerminal(output)) return SECRET_FILE_REASON;
  }
  if (PRINTERS.has(name) && command.variables.length) {
    return (
      `this prints the secret variable ${command.variables[0]}. ` +
      `Check that it is set without printing it.`
    );
  }
  if (dialect === "pwsh" && command.variables.length && words.every((w) => w.includes(UNKNOWN))) {
    return `this prints the secret variable ${command.variables[0]}.`;
  }
  if (name === "printenv" && (args.length === 0 || args.some((a) => SECRET_NAME.test(a)))) {
    return "this prints environment variables, tokens included.";
  }
  const listsAll = args.every((a) => /^-[px]+$/.test(a));
  if (["env", "set", "export", "declare", "typeset"].includes(name) && listsAll) {
    return "this prints every environment variable, tokens included.";
  }
  if (["get-childitem", "gci", "ls", "dir", "get-item", "gi"].includes(name)) {
    if (args.some((a) => /^env:/i.test(a)))
      return "this prints environment variables, tokens included.";
  }
  if (!INTERPRETERS.has(name)) return null;
  const code = args.join(" ");
  const prints =
    /(log|print|echo|puts|write|dump)/i.test(code) ||
    args.some((a) => /^(-p|--print|-pe|-ep)$/.test(a));
  if (!prints) return null;
  const envRead = code.match(
    /(process\.env(\.|\[["'])|os\.environ(\.get\(|\[)["']?|os\.getenv\(["']|getenv\(["']|ENV\[["'])(\w+)/,
  );
  if (envRead && SECRET_NAME.test(envRead[4])) {
    return `this prints the secret variable ${envRead[4]}.`;
  }
  if (/(process\.env|os\.environ)(?![.[\w])/.test(code)) {
    return "this prints every environment variable, tokens included.";
  }
  return null;
}

/** PowerShell reads variables through .NET too; a call that is not assigned prints its value. */
function checkEnvironmentClass(script) {
  const call = script.match(
    /\[(System\.)?Environment\]::GetEnvironmentVariable(s?)\s*\(\s*['"]?(\w*)/i,
  );
  if (!call || /=\s*$/.test(script.slice(0, call.index))) return null;
  if (call[2]) return "this prints every environment variable, tokens included.";
  return SECRET_NAME.test(call[3]) ? `this prints the secret variable ${call[3]}.` : null;
}

/** Dotfile secrets a glob such as `.e*` may match even where the guard cannot list the folder. */
const HIDDEN_SECRETS = [
  ".env",
  ".env.local",
  ".env.development",
  ".env.production",
  ".env.test",
  ".npmrc",
  ".netrc",
  ".pypirc",
  ".git-credentials",
];

/** A secrets file, or a glob that matches one (in its folder, or one of HIDDEN_SECRETS). */
function mayBeSecretFile(word, context) {
  if (!/[*?[]/.test(word) || word.includes(UNKNOWN)) return isSecretFile(word);
  const cut = Math.max(word.lastIndexOf("/"), word.lastIndexOf("\\")) + 1;
  const pattern = globToRegExp(word.slice(cut));
  let names = HIDDEN_SECRETS;
  try {
    names = [...names, ...readdirSync(resolveIn(context, word.slice(0, cut) || "."))];
  } catch {
    // A folder that cannot be listed leaves the well-known names.
  }
  return names.some((n) => pattern.test(n) && isSecretFile(n));
}

/** A shell glob as a RegExp; like bash, a leading wildcard does not match a leading dot. */
function globToRegExp(glob) {
  let source = glob.startsWith(".") ? "" : "(?!\\.)";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    const close = c === "[" ? glob.indexOf("]", i + 2) : -1;
    if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else if (close > 0) {
      source += `[${glob
        .slice(i + 1, close)
        .replace(/^!/, "^")
        .replaceAll("\\", "\\\\")}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function isSecretFile(word) {
  const base = word.split(/[\\/]/).pop() ?? "";
  if (/^\.env(\..+)?$/.test(base) || /^[^.].*\.env$/.test(base)) {
    return !/\.(example|sample|template|dist|defaults)$/.test(base);
  }
  if (
    /^(\.npmrc|\.netrc|_netrc|\.pypirc|\.git-credentials|id_(rsa|dsa|ecdsa|ed25519))$/.test(base)
  ) {
    return true;
  }
  return /\.(pem|key)$/.test(base) || /[\\/]proc[\\/][^\\/]+[\\/]environ$/.test(word);
}

main();
