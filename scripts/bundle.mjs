/**
 * `npm run build`'s second step: bundles tsc's dist/ into dist/bundle/ (esbuild, ESM, one chunk per
 * lazily imported part) and points dist/cli.js at it. A process then loads a few dozen files, not
 * ~500 modules resolved one by one (in the main thread and again in each parse thread).
 *
 * The workers are entry points beside the chunks, so `new URL('./read-feed-worker.js', import.meta.url)`
 * in the bundled pool finds them next to itself. dist/ keeps tsc's modules for whoever imports them;
 * `tsc -p tsconfig.json` alone rewrites dist/cli.js, which then runs unbundled, as before.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const OUT = `${DIST}bundle`;
const MARK = '// wiredesk: bundled entry (scripts/bundle.mjs)';
const CLI = `${DIST}cli.js`;

if (!existsSync(CLI) || readFileSync(CLI, 'utf8').includes(MARK)) {
  throw new Error('bundle: dist/cli.js is not tsc output; run `tsc -p tsconfig.json` first (npm run build does)');
}
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: {
    cli: CLI,
    'read-feed-worker': `${DIST}ingest/read-feed-worker.js`,
    'feed-worker': `${DIST}http/feed-worker.js`,
  },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Native: loaded from node_modules as it is.
  external: ['better-sqlite3'],
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __wiredeskRequire } from 'node:module'; const require = __wiredeskRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(CLI, `#!/usr/bin/env node\n${MARK}\nimport './bundle/cli.js';\n`);
