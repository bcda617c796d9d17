import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";

const root = join(import.meta.dirname, "..");
const templates = join(root, "templates", "claude");
const sets = ["common", "typescript", "go", "python", "wordpress"];
const schemas = join(root, "..", "shared", "schemas");

const KNOWN_TOOLS = new Set([
  "Read",
  "Write",
  "Edit",
  "MultiEdit",
  "Glob",
  "Grep",
  "Bash",
  "PowerShell",
  "WebFetch",
  "WebSearch",
  "Agent",
  "Task",
  "TodoWrite",
  "NotebookEdit",
  "Skill",
]);
const MODELS = new Set(["sonnet", "opus", "haiku", "inherit"]);
const SAFE_COLORS = new Set(["red", "blue", "green", "yellow", "cyan"]);
const AGENT_KEYS = new Set([
  "name",
  "description",
  "tools",
  "disallowedTools",
  "model",
  "permissionMode",
  "maxTurns",
  "skills",
  "color",
  "hooks",
  "memory",
]);
const SKILL_KEYS = new Set([
  "name",
  "description",
  "license",
  "compatibility",
  "metadata",
  "allowed-tools",
]);
const COMMAND_KEYS = new Set(["description", "argument-hint", "allowed-tools", "model"]);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Splits `---` frontmatter from the body and parses it with the strict YAML parser. */
function frontmatter(file: string): { data: Record<string, unknown>; body: string } {
  const text = readFileSync(file, "utf8");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${file}: no frontmatter between --- lines`);
  const document = parseDocument(match[1], { strict: true, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length) throw new Error(`${file}: ${document.errors[0].message}`);
  if (document.warnings.length) throw new Error(`${file}: ${document.warnings[0].message}`);
  const data = document.toJS() as unknown;
  if (typeof data !== "object" || data === null)
    throw new Error(`${file}: frontmatter is not a map`);
  return { data: data as Record<string, unknown>, body: match[2] };
}

function toolNames(value: unknown): string[] {
  return String(value)
    .split(/[\s,]+(?![^(]*\))/)
    .filter(Boolean)
    .map((tool) => tool.replace(/\(.*\)$/, ""));
}

const agents = sets.flatMap((set) => filesUnder(join(templates, set, "agents")));
const skills = sets.flatMap((set) =>
  filesUnder(join(templates, set, "skills")).filter((f) => basename(f) === "SKILL.md"),
);
const commands = sets.flatMap((set) => filesUnder(join(templates, set, "commands")));
const shown = (file: string) => relative(templates, file);

describe("template sets", () => {
  it("ship a plugin manifest for common and every stack", () => {
    const missing = sets.filter(
      (set) => !existsSync(join(templates, set, ".claude-plugin", "plugin.json")),
    );

    expect(missing).toEqual([]);
  });

  it("have at least four agents and four skills in all", () => {
    expect(agents.length).toBeGreaterThanOrEqual(4);
    expect(skills.length).toBeGreaterThanOrEqual(4);
  });

  it("contain only files of the known component folders", () => {
    const allowed = /^(agents|skills|commands|hooks|\.claude-plugin)\//;

    const stray = sets
      .flatMap((set) =>
        filesUnder(join(templates, set)).map((f) =>
          relative(join(templates, set), f).replaceAll("\\", "/"),
        ),
      )
      .filter((path) => !allowed.test(path));

    expect(stray).toEqual([]);
  });
});

describe.each(agents.map((file) => [shown(file), file]))("agent %s", (_name, file) => {
  it("has strict YAML frontmatter with only known keys", () => {
    const { data } = frontmatter(file);

    expect(Object.keys(data).filter((key) => !AGENT_KEYS.has(key))).toEqual([]);
  });

  it("is named like its file, lowercase with hyphens", () => {
    const { data } = frontmatter(file);

    expect(data.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(`${data.name}.md`).toBe(basename(file));
  });

  it("says when to delegate to it, on one line", () => {
    const { data } = frontmatter(file);

    expect(typeof data.description).toBe("string");
    expect(String(data.description)).not.toContain("\n");
    expect(String(data.description).length).toBeGreaterThan(40);
  });

  it("limits its tools to real tool names, and uses a valid model and color", () => {
    const { data } = frontmatter(file);

    expect(data.tools, "tools must be limited").toBeDefined();
    expect(toolNames(data.tools).filter((tool) => !KNOWN_TOOLS.has(tool))).toEqual([]);
    expect(MODELS.has(String(data.model)) || /^claude-[a-z0-9-]+$/.test(String(data.model))).toBe(
      true,
    );
    if (data.color !== undefined) expect(SAFE_COLORS.has(String(data.color))).toBe(true);
  });

  it("has a body that is a real system prompt", () => {
    const { body } = frontmatter(file);

    expect(body.trim().split("\n").length).toBeGreaterThan(15);
  });
});

describe.each(skills.map((file) => [shown(file), file]))("skill %s", (_name, file) => {
  it("has strict YAML frontmatter with only the portable keys", () => {
    const { data } = frontmatter(file);

    expect(Object.keys(data).filter((key) => !SKILL_KEYS.has(key))).toEqual([]);
  });

  it("is named like its folder, within the name rules", () => {
    const { data } = frontmatter(file);
    const name = String(data.name);

    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).not.toMatch(/claude|anthropic/);
    expect(name).toBe(basename(dirname(file)));
  });

  it("has a one-line description of at most 1024 characters without angle brackets", () => {
    const description = String(frontmatter(file).data.description);

    expect(description).not.toContain("\n");
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description).not.toMatch(/[<>]/);
  });

  it("keeps compatibility short, metadata a string map, and tools real", () => {
    const { data } = frontmatter(file);

    if (data.compatibility !== undefined)
      expect(String(data.compatibility).length).toBeLessThanOrEqual(500);
    if (data.metadata !== undefined) {
      expect(Object.values(data.metadata as object).every((v) => typeof v === "string")).toBe(true);
    }
    if (data["allowed-tools"] !== undefined) {
      expect(toolNames(data["allowed-tools"]).filter((tool) => !KNOWN_TOOLS.has(tool))).toEqual([]);
    }
  });

  it("stays under 500 lines and links only to files that exist one level down", () => {
    const { body } = frontmatter(file);
    const links = [...body.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]);

    expect(body.split("\n").length).toBeLessThan(500);
    expect(links.filter((link) => !existsSync(join(dirname(file), link)))).toEqual([]);
  });
});

describe.each(commands.map((file) => [shown(file), file]))("command %s", (_name, file) => {
  it("has strict YAML frontmatter with only command keys and a description", () => {
    const { data } = frontmatter(file);

    expect(Object.keys(data).filter((key) => !COMMAND_KEYS.has(key))).toEqual([]);
    expect(String(data.description).length).toBeGreaterThan(10);
    if (data.model !== undefined) expect(MODELS.has(String(data.model))).toBe(true);
  });

  it("allows only real tools", () => {
    const { data } = frontmatter(file);

    expect(toolNames(data["allowed-tools"] ?? "").filter((tool) => !KNOWN_TOOLS.has(tool))).toEqual(
      [],
    );
  });

  it("has a file name usable as a slash command", () => {
    expect(basename(file, ".md")).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe("hook scripts", () => {
  const scripts = sets.flatMap((set) =>
    filesUnder(join(templates, set, "hooks")).filter((f) => f.endsWith(".mjs")),
  );
  const skillScripts = filesUnder(join(templates, "common", "skills")).filter((f) =>
    f.endsWith(".mjs"),
  );

  it.each([...scripts, ...skillScripts].map((f) => [shown(f), f]))(
    "%s is a dependency-free Node script (no python3, jq or bash) with LF endings, executable",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);

      expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
      expect(text).not.toContain("\r\n");
      expect(imports.filter((source) => !source.startsWith("node:"))).toEqual([]);
      expect(text).not.toMatch(/spawnSync\(\s*"(python3?|jq|bash|sh)"/);
      if (process.platform !== "win32") expect(statSync(file).mode & 0o111).not.toBe(0);
    },
  );

  it.each(sets)("%s: hooks.json registers every script it ships, and only those", (set) => {
    const hooksDir = join(templates, set, "hooks");
    const config = JSON.parse(readFileSync(join(hooksDir, "hooks.json"), "utf8"));
    const commandsOf = Object.values(
      config.hooks as Record<string, { hooks: { command: string }[] }[]>,
    )
      .flat()
      .flatMap((group) => group.hooks.map((hook) => hook.command));
    const registered = new Set(commandsOf.map((c) => /\/hooks\/([\w-]+\.mjs)"$/.exec(c)?.[1]));
    const shipped = readdirSync(hooksDir).filter((f) => f.endsWith(".mjs"));

    expect([...registered].sort()).toEqual(shipped.sort());
    expect(
      commandsOf.every((c) => /^node "\$\{CLAUDE_PLUGIN_ROOT\}\/hooks\/[\w-]+\.mjs"$/.test(c)),
    ).toBe(true);
  });

  it.each(sets)(
    "%s: hooks.json uses known events, string matchers and timeouts in seconds",
    (set) => {
      const config = JSON.parse(readFileSync(join(templates, set, "hooks", "hooks.json"), "utf8"));
      const events = ["PreToolUse", "PostToolUse", "Stop", "SessionStart"];

      for (const [event, groups] of Object.entries(config.hooks as Record<string, unknown[]>)) {
        expect(events).toContain(event);
        for (const group of groups as { matcher?: unknown; hooks: { timeout: number }[] }[]) {
          if (group.matcher !== undefined) expect(typeof group.matcher).toBe("string");
          for (const hook of group.hooks) expect(hook.timeout).toBeGreaterThan(0);
          for (const hook of group.hooks) expect(hook.timeout).toBeLessThanOrEqual(600);
        }
      }
    },
  );

  it("guard matches both shell tools", () => {
    const config = JSON.parse(
      readFileSync(join(templates, "common", "hooks", "hooks.json"), "utf8"),
    );

    expect(config.hooks.PreToolUse[0].matcher).toBe("Bash|PowerShell");
  });
});

describe("plugin and marketplace manifests", () => {
  const marketplacePath = join(root, ".claude-plugin", "marketplace.json");
  const marketplace = JSON.parse(readFileSync(marketplacePath, "utf8"));

  it("list every template set as a plugin whose source folder has its manifest", () => {
    const sources = marketplace.plugins.map((p: { source: string }) => p.source);

    expect(sources.sort()).toEqual(sets.map((set) => `./templates/claude/${set}`).sort());
    for (const plugin of marketplace.plugins) {
      const manifest = JSON.parse(
        readFileSync(join(root, plugin.source, ".claude-plugin", "plugin.json"), "utf8"),
      );
      expect(manifest.name).toBe(plugin.name);
    }
  });

  const schemaCases = [
    ["claude-code-marketplace.schema.json", [marketplacePath]],
    [
      "claude-code-plugin-manifest.schema.json",
      sets.map((set) => join(templates, set, ".claude-plugin", "plugin.json")),
    ],
  ] as const;
  for (const [schemaFile, files] of schemaCases) {
    const schemaPath = join(schemas, schemaFile);
    const run = existsSync(schemaPath) ? it : it.skip;
    if (!existsSync(schemaPath))
      console.log(`skipped: ${schemaPath} not found (../shared is absent)`);
    run(`validate against ${schemaFile}`, () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

      const failures = files.filter((file) => !validate(JSON.parse(readFileSync(file, "utf8"))));

      expect(failures, JSON.stringify(validate.errors)).toEqual([]);
    });
  }
});
