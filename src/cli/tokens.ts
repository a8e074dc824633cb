/**
 * `wiredesk tokens create --feed ID[,ID] --name NAME | list [--json] | revoke NAME`: per-consumer
 * access tokens for private feeds. A token is printed once, at creation; only its hash is stored.
 */
import { baseUrlOf } from '../curate/feed-loader.js';
import type { Config } from '../config/schema.js';
import { feedSelfUrl } from '../emit/prepare-feed.js';
import { generateToken, hashToken } from '../http/access.js';
import type { OutputFormat } from '../model/curated.js';
import { loadConfig } from '../config/load-config.js';
import type { TokenPort } from '../http/access-tokens.js';
import type { Command } from './commands.js';
import { openStorePorts } from './open.js';
import { formatTable } from './sources.js';

const USAGE = 'usage: wiredesk tokens create --feed ID[,ID...] --name NAME | tokens list [--json] | tokens revoke NAME';
const NAME = /^[^\p{Cc}]{1,64}$/u;

export const tokensCommand: Command = {
  summary: 'private feed tokens: create --feed ID[,ID] --name NAME (printed once), list, revoke NAME',
  options: { feed: { type: 'string', multiple: true }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
  positionals: true,
  async run(values, positionals) {
    const [action, ...rest] = positionals;
    const loaded = loadConfig(values.config);
    const ports = await openStorePorts(loaded, 'tokens');
    try {
      if (action === 'create' && rest.length === 0) return await create(loaded.config, ports.tokens, values);
      if (action === 'list' && rest.length === 0) return await list(ports.tokens, values.json === true);
      if (action === 'revoke' && rest.length === 1) return await revoke(ports.tokens, rest[0] ?? '');
      process.stderr.write(`${USAGE}\n`);
      return 1;
    } finally {
      await ports.close();
    }
  },
};

async function create(config: Config, tokens: TokenPort, values: Record<string, unknown>): Promise<number> {
  const name = typeof values.name === 'string' ? values.name.trim() : '';
  const feeds = [...new Set(((values.feed as string[] | undefined) ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean))];
  if (!NAME.test(name) || feeds.length === 0) {
    process.stderr.write(`tokens: give --name (1-64 characters) and at least one --feed\n${USAGE}\n`);
    return 1;
  }
  const unknown = feeds.filter((id) => !config.feeds.some((f) => f.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`tokens: no curated feed ${unknown.map((id) => `"${id}"`).join(', ')} in the config\n`);
    return 1;
  }
  const token = generateToken();
  if (!await tokens.create({ name, hash: hashToken(token), feeds, createdAt: new Date().toISOString() })) {
    process.stderr.write(`tokens: a token named "${name}" already exists (revoked tokens keep their name); choose another name\n`);
    return 1;
  }
  const publicOnes = feeds.filter((id) => config.feeds.find((f) => f.id === id)?.access === 'public');
  if (publicOnes.length > 0) process.stderr.write(`tokens: note: ${publicOnes.join(', ')} ${publicOnes.length > 1 ? 'are' : 'is'} public; set "access": "token" to require the token\n`);
  process.stderr.write(`tokens: created "${name}"; the token is shown only now, store it:\n`);
  process.stdout.write(`${token}\n`);
  for (const id of feeds) {
    const feed = config.feeds.find((f) => f.id === id);
    const format = (feed?.formats[0] ?? 'atom') as OutputFormat;
    const url = feedSelfUrl(baseUrlOf(config), id, format);
    if (url !== null) process.stdout.write(`${url}?token=${encodeURIComponent(token)}\n`);
  }
  return 0;
}

async function list(tokens: TokenPort, json: boolean): Promise<number> {
  const rows = (await tokens.all()).map((t) => ({
    name: t.name, feeds: t.feeds, created: t.createdAt, lastUsed: t.lastUsedAt, requests: t.requests, revoked: t.revokedAt,
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = [['NAME', 'FEEDS', 'CREATED', 'LAST USED', 'REQUESTS', 'STATE']];
  for (const r of rows) {
    table.push([r.name, r.feeds.join(','), r.created.slice(0, 19).replace('T', ' '), r.lastUsed?.slice(0, 19).replace('T', ' ') ?? 'never',
      String(r.requests), r.revoked ? `revoked ${r.revoked.slice(0, 10)}` : 'active']);
  }
  process.stdout.write(`${formatTable(table)}\n`);
  return 0;
}

async function revoke(tokens: TokenPort, name: string): Promise<number> {
  if (!await tokens.revoke(name, new Date().toISOString())) {
    process.stderr.write(`tokens: no active token named "${name}" (see wiredesk tokens list)\n`);
    return 1;
  }
  process.stdout.write(`tokens: revoked "${name}"; readers using it get 403 from their next request (within a second on PostgreSQL web nodes)\n`);
  return 0;
}
