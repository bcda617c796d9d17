import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";

const schemaPath = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "schemas",
  "claude-code-settings.schema.json",
);

/**
 * The SchemaStore schema of `.claude/settings.json`, from `../shared/schemas/` beside
 * this repository; null where that folder is absent, as in a user's clone. Ajv needs
 * `strict: false` for the schema's vendor keyword `allowTrailingCommas`.
 */
export const validateSettings: ValidateFunction | null = existsSync(schemaPath)
  ? new Ajv({ strict: false, allErrors: true }).compile(
      JSON.parse(readFileSync(schemaPath, "utf8")),
    )
  : null;

if (!validateSettings) {
  console.log(`schema checks skipped: ${schemaPath} not found (../shared is absent)`);
}
