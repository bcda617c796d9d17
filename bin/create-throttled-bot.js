#!/usr/bin/env node
import { existsSync } from "node:fs";

const entry = new URL("../dist/index.js", import.meta.url);
if (!existsSync(entry)) {
  console.error(
    "create-throttled-bot: dist/ is missing; run `npm install` (it builds) or `npm run build`.",
  );
  process.exit(1);
}
await import(entry.href);
