/**
 * `GET /stories/<id>`: why a story holds its versions (see dedup/explain-story.ts), as plain
 * server-rendered HTML; every value from a source is escaped and nothing on the page runs.
 */
import type { StoryExplanation } from '../dedup/explain-story.js';
import { escapeHtml as e } from './dashboard-html.js';
import type { Route } from './routes.js';

const STORY_PATH = /^\/stories\/(st_[0-9a-f]{1,64})$/;

export function createStoryRoute(explain: (storyId: string) => StoryExplanation | null | Promise<StoryExplanation | null>): Route {
  return {
    method: 'GET',
    path: STORY_PATH,
    async handle(_req, res, match) {
      const story = match?.[1] ? await explain(match[1]) : null;
      const html = story ? renderStory(story) : '<!doctype html><title>Unknown story</title><p>No such story.</p>';
      const body = Buffer.from(html, 'utf8');
      res.writeHead(story ? 200 : 404, {
        'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length), 'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(body);
    },
  };
}

const JOINED: Record<string, string> = {
  new: 'opened the story', exact: 'exact copy (same prepared text)', near: 'near duplicate (shingle overlap)',
  teaser: 'teaser (found by its opening sentences)', headline: 'same headline, bodies compatible', unknown: 'placed before explanations were kept',
};

export function renderStory(story: StoryExplanation): string {
  const canonical = story.versions.find((v) => v.isCanonical);
  const rows = story.versions.map((v) => `<tr class="${v.isCanonical ? 'canonical' : 'version'}" data-item="${e(v.id)}">
<td>${v.url && /^https?:\/\//i.test(v.url) ? `<a href="${e(v.url)}" rel="noreferrer">${e(v.title)}</a>` : e(v.title)}${v.isCanonical ? ' <strong>(canonical)</strong>' : ''}</td>
<td>${e(v.sourceId)}<br><small>priority ${v.priority}</small></td><td>${e(v.published ?? '')}</td>
<td class="via">${e(JOINED[v.via] ?? v.via)}${v.joinedContainment !== null ? `<br><small>then: containment ${pct(v.joinedContainment)}, Jaccard ${pct(v.joinedJaccard ?? 0)}</small>` : ''}</td>
<td class="num">${v.isCanonical ? '—' : `${pct(v.containment)} / ${pct(v.jaccard)}`}</td><td class="num">${v.words}</td></tr>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story ${e(story.id)}</title><style>${STYLE}</style></head><body>
<p><a href="/">← dashboard</a></p>
<h1>${e(canonical?.title ?? story.id)}</h1>
<p class="why">Canonical version: ${e(canonical?.sourceId ?? 'none')}, because ${e(story.canonicalBecause)}.</p>
<table class="versions"><tr><th>version</th><th>source</th><th>published</th><th>how it joined</th><th>similarity to canonical<br><small>containment / Jaccard</small></th><th>words</th></tr>
${rows.join('\n')}</table></body></html>`;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}td.num{text-align:right}
tr.canonical{background:#f4f8ff}small{color:#666}`;
