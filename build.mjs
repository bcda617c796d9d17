// Bundles the CLI into dist/ with every dependency inlined, so the published
// package has no runtime dependencies and `npx` fetches one tarball.
import { build } from "esbuild";
import { rm } from "node:fs/promises";

await rm(new URL("./dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/index.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  minify: true,
  legalComments: "external",
  chunkNames: "chunks/[name]-[hash]",
  // CommonJS dependencies (prompts, ejs) call require(); give them one.
  banner: {
    js: "import { createRequire as __ctbRequire } from 'node:module'; const require = __ctbRequire(import.meta.url);",
  },
  logLevel: "warning",
});
