/**
 * What private access costs a reader: the real service (`wiredesk start`) serving the same ~50-entry
 * feed as a public feed and as a private one read with `?token=`, alternating rounds of autocannon at
 * 50 connections. Goal: private ≥ 0.9× public (a token check is a hash and a small table read).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateToken, hashToken } from '../src/http/access.js';
import { openStore } from '../src/store/open-store.js';

type Autocannon = (opts: { url: string; connections: number; duration: number }) => Promise<{ requests: { average: number }; non2xx: number; errors: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const ROUNDS = 4;
const DURATION_S = 3;
const RULES = { include: {}, limit: 50, formats: ['rss'] };

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-private-'));
  let child: ChildProcess | null = null;
  try {
    const { configPath, token } = prepare(dir);
    const started = await startService(configPath);
    child = started.child;
    const urls = { public: `${started.url}/feeds/everything.rss`, private: `${started.url}/feeds/licensed.rss?token=${token}` };
    const rps: Record<'public' | 'private', number[]> = { public: [], private: [] };
    let bad = 0;
    for (const name of ['public', 'private'] as const) await autocannon({ url: urls[name], connections: 50, duration: 1 });
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of round % 2 === 0 ? (['public', 'private'] as const) : (['private', 'public'] as const)) {
        const r = await autocannon({ url: urls[name], connections: 50, duration: DURATION_S });
        rps[name].push(r.requests.average);
        bad += r.non2xx + r.errors;
      }
    }
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
    process.stdout.write(`  public  ${med(rps.public).toFixed(0).padStart(7)} req/s\n  private ${med(rps.private).toFixed(0).padStart(7)} req/s (?token=)\n`);
    process.stdout.write(`  ratio private/public: ${(med(rps.private) / med(rps.public)).toFixed(2)} (goal ≥ 0.90); non-2xx or errors: ${bad}\n`);
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sample config with the same feed twice, public and private, and 50 tokens (one is used). */
function prepare(dir: string): { configPath: string; token: string } {
  const config = JSON.parse(readFileSync(join(ROOT, 'feeds.config.json'), 'utf8')) as { database: string; server: object; sources: Array<{ url: string }>; feeds: unknown[] };
  config.database = join(dir, 'wiredesk.db');
  config.server = { host: '127.0.0.1', port: 0 };
  for (const source of config.sources) source.url = resolve(ROOT, source.url);
  config.feeds.push({ id: 'everything', title: 'Everything', ...RULES }, { id: 'licensed', title: 'Licensed', access: 'token', ...RULES });
  const configPath = join(dir, 'feeds.config.json');
  writeFileSync(configPath, JSON.stringify(config));
  const store = openStore(config.database);
  const tokens = Array.from({ length: 50 }, () => generateToken());
  tokens.forEach((t, i) => store.tokens.create({ name: `desk-${i}`, hash: hashToken(t), feeds: ['licensed'], createdAt: new Date().toISOString() }));
  store.close();
  return { configPath, token: tokens[25] ?? '' };
}

function startService(configPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'start', '--config', configPath], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WIREDESK_LOG_LEVEL: 'info' },
  });
  return new Promise((done, fail) => {
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(text)?.[1];
      // Serve only after the start-up ingest: its summary line follows the listen line.
      if (url && /ingest: \d+ sources/.test(text)) {
        child.stderr?.removeAllListeners('data');
        child.stderr?.resume();
        done({ child, url });
      }
    });
    child.on('exit', () => fail(new Error(`bench: service exited: ${text.slice(-500)}`)));
  });
}
