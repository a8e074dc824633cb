/** Config-time check of scrape selectors, so `wiredesk check` names a broken one before a run does. */
import { createRequire } from 'node:module';
import type { CheerioAPI } from 'cheerio/slim';

// cheerio takes a few hundred milliseconds to load: only a config with selectors loads it (and
// synchronously, as the config schema checks synchronously).
let probe: CheerioAPI | null = null;

export function isValidSelector(selector: string): boolean {
  probe ??= (createRequire(import.meta.url)('cheerio/slim') as typeof import('cheerio/slim')).load('<p></p>');
  try {
    probe(selector);
    return true;
  } catch {
    return false;
  }
}
