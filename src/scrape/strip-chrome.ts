/**
 * Site chrome removed before anything looks for the article: scripts, navigation, share bars,
 * cookie banners, "read also" boxes, comment threads, plus the source's own `remove` selectors.
 */
import type { CheerioAPI } from 'cheerio';
import { textStats } from './dom-text.js';
import type { AnyNode, Element } from 'domhandler';

const ALWAYS = 'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, dialog, link, meta';
const KEEP_TAGS = new Set(['html', 'body', 'main', 'article']);
const LAYOUT = 'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [aria-hidden="true"], [hidden]';
/** class/id words of chrome ("share-bar", "cookie-consent", "read-also", "lire-aussi"). */
const CHROME_WORDS = new Set(['share', 'sharing', 'sharebar', 'social', 'cookie', 'cookies', 'consent', 'gdpr', 'newsletter',
  'subscribe', 'subscription', 'related', 'readalso', 'lireaussi', 'alire', 'voiraussi', 'seealso', 'morestories', 'promo',
  'advert', 'advertisement', 'ad', 'ads', 'adv', 'publicite', 'sponsor', 'sponsored', 'outbrain', 'taboola', 'comment',
  'comments', 'commentaires', 'sidebar', 'breadcrumb', 'breadcrumbs', 'paywall', 'popup', 'modal', 'banner', 'menu', 'navbar',
  'nav', 'toolbar', 'skip', 'print', 'tags', 'bio', 'loading', 'loader', 'spinner', 'recommended', 'trending', 'popular']);
/** Two-word chrome names written with a separator: "read-also", "lire_aussi", "see-also". */
const CHROME_PAIRS = /(read|lire|voir|see|a)[-_](also|aussi|lire)|more[-_]stories|voir[-_]plus|see[-_]more|read[-_]more/i;
/** Words that name the article itself: a class ending in one of them is content ("article-body"). */
const CONTENT_WORDS = new Set(['article', 'story', 'post', 'entry', 'content', 'body', 'text', 'main', 'corps', 'chapo', 'contenu']);

/** Chrome when one class/id token has a chrome word and does not end with a content word. */
export function isChromeHint(hint: string): boolean {
  return hint.split(/\s+/).some((token) => {
    const words = token.toLowerCase().split(/[-_]+/).filter(Boolean);
    const last = words.at(-1) ?? '';
    if (CONTENT_WORDS.has(last)) return false;
    return CHROME_PAIRS.test(token) || words.some((w) => CHROME_WORDS.has(w));
  });
}

/**
 * `keepLayout`: a listing page needs its `<header>`/`<aside>` elements gone too, but an article's
 * `<header>` holds the headline and date, so extraction keeps layout until it has read them.
 */
export function stripChrome($: CheerioAPI, extraSelectors: readonly string[], options: { layout: boolean }): void {
  for (const selector of extraSelectors) safeRemove($, selector);
  $(ALWAYS).remove();
  $('[style*="display:none" i], [style*="display: none" i]').remove();
  const chrome = $('[class], [id]').toArray().filter((el) => {
    const e = el as Element;
    return !KEEP_TAGS.has(e.name) && isChromeHint(`${e.attribs.class ?? ''} ${e.attribs.id ?? ''}`);
  });
  // A class name is only a hint: a wrapper named "has-sidebar" or "ad-free" that holds most of the
  // page's paragraphs is the article, not chrome.
  const total = paragraphChars($.root().get(0));
  $(chrome.filter((el) => total === 0 || paragraphChars(el) <= total / 2)).remove();
  if (options.layout) $(LAYOUT).remove();
}

function paragraphChars(scope: AnyNode | undefined): number {
  return scope ? textStats(scope).paragraphChars : 0;
}

/** A selector that does not parse is a config error the health check reports; here it removes nothing. */
function safeRemove($: CheerioAPI, selector: string): void {
  try {
    $(selector).remove();
  } catch {
    // reported by checkSelectors
  }
}

/** Layout chrome outside the article (its own `<header>` stays: it holds the headline). */
export function stripLayout($: CheerioAPI): void {
  $(LAYOUT).filter((_i, el) => (el as Element).name !== 'header' || $(el).closest('article').length === 0).remove();
}
