/**
 * `npm run bench`: runs every registered benchmark in turn (or those named on the command line).
 * Benchmarks print throughput and ratios measured in the same run; they are never tests.
 */
type Bench = () => Promise<void>;

const BENCHES: Record<string, () => Promise<{ run: Bench }>> = {
  ingest: () => import('./ingest.js'),
  'ingest-startup': () => import('./ingest-startup.js'),
  commit: () => import('./commit-cost.js'),
  'ingest-memory': () => import('./ingest-memory.js'),
  parse: () => import('./parse.js'),
  serve: () => import('./serve.js'),
  'serve-private': () => import('./serve-private.js'),
  scrape: () => import('./scrape.js'),
  poll: () => import('./poll.js'),
  stories: () => import('./stories.js'),
  search: () => import('./search.js'),
  scale: () => import('./scale.js'),
};

async function main(names: string[]): Promise<void> {
  const wanted = names.length > 0 ? names : Object.keys(BENCHES);
  for (const name of wanted) {
    const load = BENCHES[name];
    if (!load) {
      process.stderr.write(`bench: unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}\n`);
      process.exitCode = 1;
      continue;
    }
    process.stdout.write(`\n## ${name}\n`);
    const { run } = await load();
    await run();
  }
}

await main(process.argv.slice(2));
