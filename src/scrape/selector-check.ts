/** Config-time check of scrape selectors, so `wiredesk check` names a broken one before a run does. */
import { load } from 'cheerio/slim';

const probe = load('<p></p>');

export function isValidSelector(selector: string): boolean {
  try {
    probe(selector);
    return true;
  } catch {
    return false;
  }
}
