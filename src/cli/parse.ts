/**
 * `wiredesk parse FILE|URL...`: what wiredesk makes of a source, one JSON line per input:
 * {"input","feed":{"title","link","language"},"items":[...]} or {"input","error":{"code","message"}}.
 * A bad input never stops the others; the exit code is 1 when any input failed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { configSchema, type Config } from '../config/schema.js';
import { createAddressPolicy } from '../fetch/address-policy.js';
import { fetchResource } from '../fetch/fetch-resource.js';
import { fetchLimits } from '../ingest/refresh-source.js';
import { interpretDocument, type InterpretOptions } from '../ingest/interpret.js';
import { createHostLimiter } from '../fetch/host-limiter.js';
import { createPageSupport } from '../ingest/page-loader.js';
import { coerceError } from '../model/errors.js';
import type { DateSource, NormalizedItem } from '../model/item.js';
import type { Command } from './commands.js';

export const parseCommand: Command = {
  summary: 'print what wiredesk makes of feeds or pages: one JSON line per FILE or URL (--discover / --no-discover: follow a page\'s advertised feed; default only for URLs)',
  options: {
    type: { type: 'string', default: 'auto' },
    language: { type: 'string' },
    timezone: { type: 'string' },
    'title-case': { type: 'string', default: 'keep' },
    discover: { type: 'boolean', default: false },
    'no-discover': { type: 'boolean', default: false },
  },
  positionals: true,
  async run(values, inputs) {
    if (inputs.length === 0) {
      process.stderr.write('usage: wiredesk parse FILE|URL...\n');
      return 1;
    }
    const config = configForParse(values.config);
    const options: InterpretOptions = {
      type: values.type as InterpretOptions['type'],
      language: (values.language as string | undefined) ?? null,
      timezone: (values.timezone as string | undefined) ?? null,
      titleCase: values['title-case'] === 'sentence' ? 'sentence' : 'keep',
    };
    const discover = values['no-discover'] === true ? false : values.discover === true ? true : null;
    let failed = 0;
    for (const input of inputs) {
      const line = await parseOne(input, config, options, discover);
      if ('error' in line) failed += 1;
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};

type ParseLine =
  | { input: string; feed: { title: string | null; link: string | null; language: string | null }; items: NormalizedItem[]; skipped?: string[] }
  | { input: string; error: { code: string; message: string } };

/**
 * A file is read as the page it is; a URL's advertised feed is followed (`discover` null), unless
 * `--no-discover`, and when that feed cannot be read the page itself is used.
 */
export async function parseOne(input: string, config: Config, options: InterpretOptions, discover: boolean | null = null): Promise<ParseLine> {
  try {
    const isUrl = /^https?:/i.test(input);
    const url = /^(https?|file):/i.test(input) ? input : pathToFileURL(resolve(input)).href;
    // The input is trusted as the operator's; what its content links to is checked like a source's.
    const policy = createAddressPolicy(url, config.fetch.allowPrivateNetworks);
    const fetched = await fetchResource(url, { ...fetchLimits(config), policy });
    // A listing page's articles are fetched too (no cache: parse never writes the store).
    const limiter = createHostLimiter({ perHost: config.fetch.perHostConcurrency });
    const pages = createPageSupport({ limits: { ...fetchLimits(config), policy }, throttle: (u, fn) => limiter.run(u, fn), cache: null, now: () => new Date() });
    const followFeedLink = discover ?? isUrl;
    const { meta, items, skipped } = await interpretDocument(fetched, { ...options, pages, scrapeHtmlPages: true, followFeedLink });
    const feed = { title: meta.title, link: meta.link, language: meta.language };
    // Entries that could not be kept are said, with why: never a silent `"items": []`.
    return { input, feed, items: items.map((i) => orderFields(i.item)), ...(skipped.length > 0 ? { skipped } : {}) };
  } catch (err) {
    const error = coerceError(err, 'INTERNAL', 'parse');
    return { input, error: { code: error.code, message: error.message } };
  }
}

/** Fixed key order, so the output diffs cleanly between versions. */
function orderFields(i: NormalizedItem): NormalizedItem {
  return {
    guid: i.guid, url: i.url, title: i.title, published: i.published, updated: i.updated, author: i.author,
    categories: i.categories, enclosures: i.enclosures, summary: i.summary, contentHtml: i.contentHtml,
    contentText: i.contentText, language: i.language, dateline: i.dateline, dateSource: dateSourceOf(i),
    ...(i.editorial ? { editorial: i.editorial } : {}),
  };
}

/** Feed items do not carry one: their date, when they have one, is the feed's. */
export function dateSourceOf(i: NormalizedItem): DateSource | null {
  return i.dateSource ?? (i.published ? 'feed' : null);
}

/** The config's fetch limits when a config file is there; defaults otherwise (parse needs no config). */
function configForParse(path: string): Config {
  if (existsSync(path)) return loadConfig(path).config;
  return configSchema.parse({ sources: [{ id: 'parse', url: 'file:/dev/null', kind: 'partner' }] });
}
