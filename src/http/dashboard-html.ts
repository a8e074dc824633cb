/** The operator's page: plain server-rendered HTML, every value escaped, refreshed every 30 s. */
import type { DeliverySummary } from '../store/alerts-table.js';
import { printable } from '../normalize/html-to-text.js';

export interface DashboardSource {
  id: string;
  kind: string;
  status: 'ok' | 'failing' | 'disabled' | 'paused' | 'never' | 'off';
  url: string;
  movedTo: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorCount: number;
  items24h: number;
  /** Entries of its last read not stored as older than retention (old podcasts, evergreen pages). */
  tooOld: number;
  nextFetchAt: string | null;
  interval: string | null;
}

export interface DashboardFeed {
  id: string;
  title: string;
  links: Array<{ format: string; href: string }>;
  itemCount: number;
  lastChange: string | null;
  access?: 'public' | 'token';
}

/** One configured webhook's delivery state (its URL without query: it may carry a key). */
export type DashboardWebhook = DeliverySummary;

export interface DashboardStory {
  id: string;
  title: string;
  url: string | null;
  sourceId: string;
  versions: number;
  updatedAt: string;
}

export interface DashboardData {
  generatedAt: string;
  configProblems: string[];
  restartRequired?: string[];
  hostPauses: Array<{ host: string; until: string; reason: string }>;
  sources: DashboardSource[];
  feeds: DashboardFeed[];
  stories: DashboardStory[];
  dbSizeBytes: number;
  items: number;
  storyCount: number;
  webhooks?: DashboardWebhook[];
  /** Wire kills and rejected items, newest first (absent: none to show). */
  wireEvents?: DashboardWireEvent[];
}

export interface DashboardWireEvent {
  kind: 'killed' | 'rejected';
  sourceId: string;
  title: string | null;
  message: string;
  at: string;
}

const REFRESH_SECONDS = 30;

/** Source text may carry controls and lone surrogates: dropped and made one U+FFFD before escaping. */
export function escapeHtml(value: string): string {
  return printable(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const e = (value: string | number | null | undefined): string => (value === null || value === undefined ? '–' : escapeHtml(String(value)));
const when = (iso: string | null): string => (iso ? `<time datetime="${e(iso)}">${e(iso.slice(0, 19).replace('T', ' '))}</time>` : '–');
/** Only http(s) links become anchors: a feed-supplied `javascript:` URL stays text. */
const link = (href: string | null, text: string): string => (href && /^https?:\/\//i.test(href) ? `<a href="${e(href)}">${e(text)}</a>` : e(text));

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function renderDashboard(data: DashboardData): string {
  const failing = data.sources.filter((s) => s.status === 'failing' || s.status === 'disabled').length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>wiredesk — ${failing} failing</title>
<style>${STYLE}</style></head><body>
<h1>wiredesk</h1>
<p class="summary">${data.sources.length} sources, <strong>${failing} failing</strong> · ${e(data.items)} items · ${e(data.storyCount)} stories ·
database ${e(formatBytes(data.dbSizeBytes))} · ${when(data.generatedAt)} · <a href="/metrics">metrics</a> · <a href="/healthz">health</a></p>
${renderProblems(data.configProblems)}${renderRestart(data.restartRequired ?? [])}${renderPauses(data.hostPauses)}
<h2>Sources</h2>${renderSources(data.sources)}
<h2>Curated feeds</h2>${renderFeeds(data.feeds)}
${renderWebhooks(data.webhooks ?? [])}
<h2>Recent stories</h2>${renderStories(data.stories)}
${renderWireEvents(data.wireEvents ?? [])}
</body></html>`;
}

function renderProblems(problems: string[]): string {
  if (problems.length === 0) return '';
  return `<section class="problems" id="config-problems"><h2>Config change refused (the last good config is in force)</h2>
<ul>${problems.map((p) => `<li><code>${e(p)}</code></li>`).join('')}</ul></section>`;
}

function renderRestart(keys: string[]): string {
  if (keys.length === 0) return '';
  return `<section class="problems" id="config-restart"><h2>Restart required: the service cannot apply these changes while running</h2>
<ul>${keys.map((k) => `<li><code>${e(k)}</code></li>`).join('')}</ul></section>`;
}

function renderPauses(pauses: DashboardData['hostPauses']): string {
  if (pauses.length === 0) return '';
  return `<h2>Paused hosts</h2><table><tr><th>host</th><th>until</th><th>why</th></tr>${pauses
    .map((p) => `<tr><td>${e(p.host)}</td><td>${when(p.until)}</td><td>${e(p.reason)}</td></tr>`).join('')}</table>`;
}

function renderSources(sources: DashboardSource[]): string {
  const rows = sources.map((s) => `<tr class="status-${s.status}" id="source-${e(s.id)}">
<td>${e(s.id)}<br><small>${e(s.kind)}</small></td><td class="status">${e(s.status)}${s.errorCount > 0 ? ` ×${s.errorCount}` : ''}</td>
<td>${when(s.lastSuccessAt)}</td><td class="error">${e(s.lastError)}${s.movedTo ? `<br><small>moved permanently to ${e(s.movedTo)}; update the config</small>` : ''}</td>
<td class="num">${s.items24h}${s.tooOld > 0 ? `<br><small>${s.tooOld} older than retention, skipped</small>` : ''}</td><td>${when(s.nextFetchAt)}<br><small>${e(s.interval)}</small></td></tr>`);
  return `<table class="sources"><tr><th>source</th><th>status</th><th>last success</th><th>last error</th><th>items 24 h</th><th>next poll</th></tr>
${rows.join('\n')}</table>`;
}

function renderFeeds(feeds: DashboardFeed[]): string {
  if (feeds.length === 0) return '<p>No curated feeds configured.</p>';
  const rows = feeds.map((f) => `<tr><td>${e(f.title)}<br><small>${e(f.id)}${f.access === 'token' ? ' · private (token)' : ''}</small></td>
<td>${f.links.map((l) => `<a href="${e(l.href)}">${e(l.format)}</a>`).join(' · ')}</td><td class="num">${f.itemCount}</td><td>${e(f.lastChange)}</td></tr>`);
  return `<table><tr><th>feed</th><th>links</th><th>entries</th><th>last change</th></tr>${rows.join('\n')}</table>`;
}

function renderWebhooks(hooks: DashboardWebhook[]): string {
  if (hooks.length === 0) return '';
  const rows = hooks.map((h) => `<tr class="${h.failed > 0 ? 'status-failing' : ''}"><td>${e(h.feedId)}</td><td>${e(h.url)}</td>
<td class="num">${h.pending}</td><td class="num">${h.delivered}</td><td class="num status">${h.failed}</td><td>${when(h.lastDeliveredAt)}</td><td class="error">${e(h.lastError)}</td></tr>`);
  return `<h2>Webhooks</h2><table class="webhooks"><tr><th>feed</th><th>webhook</th><th>pending</th><th>delivered</th><th>failed</th><th>last delivery</th><th>last error</th></tr>
${rows.join('\n')}</table>`;
}

function renderStories(stories: DashboardStory[]): string {
  if (stories.length === 0) return '<p>No stories yet.</p>';
  return `<ol class="stories">${stories.map((s) => `<li>${link(s.url, s.title)} <small>${e(s.sourceId)}${s.versions > 1 ? ` + ${s.versions - 1} more` : ''} · ${when(s.updatedAt)} · <a class="explain" href="/stories/${encodeURIComponent(s.id)}">versions</a></small></li>`).join('\n')}</ol>`;
}

function renderWireEvents(events: DashboardWireEvent[]): string {
  if (events.length === 0) return '';
  const rows = events.map((w) => `<tr class="wire-${w.kind}"><td>${e(w.kind)}</td><td>${e(w.sourceId)}</td><td>${e(w.title)}</td>
<td class="error">${e(w.message)}</td><td>${when(w.at)}</td></tr>`);
  return `<h2 id="wire-events">Wire kills and rejected items</h2><table><tr><th>event</th><th>source</th><th>item</th><th>why</th><th>last seen</th></tr>
${rows.join('\n')}</table>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}td.num{text-align:right}
tr.status-failing td.status,tr.status-disabled td.status,tr.wire-killed td{color:#b00;font-weight:bold}tr.status-paused td.status{color:#a60}
td.error{max-width:40em;word-break:break-word}.problems{border:2px solid #b00;padding:.5em 1em;background:#fee}small{color:#666}`;
