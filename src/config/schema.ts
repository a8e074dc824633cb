/** The one schema of feeds.config.json; the `Config` type is inferred from it. */
import { z } from 'zod';
import { isNetwork } from '../fetch/address-policy.js';
import { isValidSelector } from '../scrape/selector-check.js';
import { postgresQueryProblem } from '../store-pg/search-query.js';
import { validateSearchQuery } from '../store/search-table.js';
import { ADMIN_TOKEN, feedAccessShape, hasUserInfo, sourceCredentialsShape } from './access-schema.js';
import { databaseProblem } from './database-value.js';

const ID = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 chars of a-z, 0-9, "-" or "_"');
const URL_OR_PATH = z.string().min(1).refine(isFetchableUrl, 'must be an http(s) URL, a file: URL or a file path');
const CRON = z.string().min(9).refine((s) => s.trim().split(/\s+/).length >= 5, 'must be a cron expression of 5 or 6 fields');
const LANG = z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as "fr" or "en-GB"');

/** A curated feed's `query` must be FTS5 syntax SQLite accepts (README: "Full-text queries"). */
function checkSearchQuery(query: string, ctx: z.RefinementCtx): void {
  const problem = validateSearchQuery(query);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: `not a valid full-text query (${problem}); see README "Full-text queries"` });
}

export function isFetchableUrl(value: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
    return /^(https?|file):/i.test(value);
  }
  return true;
}

/** Story dedup defaults (see README "Stories" for how they were calibrated). */
export const DEDUP_DEFAULTS = {
  windowHours: 96, jaccard: 0.5, containment: 0.6, minSharedShingles: 8, backgroundStories: 3, chromeLineStories: 5,
};

/** Internal networks content-driven URLs may reach: true for all, or CIDRs (`10.0.0.0/8`, `fd00::/8`). */
const PRIVATE_NETWORKS = z.union([
  z.boolean(),
  z.array(z.string().refine(isNetwork, 'must be an IP network such as "10.0.0.0/8", "192.168.1.20" or "fd00::/8"')),
]);

const SELECTOR = z.string().min(1).refine(isValidSelector, 'must be a valid CSS selector');

export const scrapeSchema = z.strictObject({
  links: SELECTOR.optional(),
  title: SELECTOR.optional(),
  date: SELECTOR.optional(),
  dateFormat: z.string().min(1).optional(),
  locale: z.string().min(2).optional(),
  dateline: SELECTOR.optional(),
  author: SELECTOR.optional(),
  body: SELECTOR.optional(),
  remove: z.array(SELECTOR).default([]),
  maxArticles: z.number().int().min(1).max(500).default(30),
});

export const sourceSchema = z
  .strictObject({
    id: ID,
    url: URL_OR_PATH,
    kind: z.enum(['wire', 'partner']),
    type: z.enum(['auto', 'rss', 'atom', 'json', 'html', 'newsml', 'nitf']).default('auto'),
    title: z.string().min(1).optional(),
    language: LANG.optional(),
    timezone: z.string().min(1).optional(),
    priority: z.number().int().min(0).max(100).default(0),
    tags: z.array(z.string().min(1)).default([]),
    interval: z.number().int().min(60).max(7 * 86400).optional(),
    schedule: CRON.optional(),
    enabled: z.boolean().default(true),
    fullText: z.boolean().default(false),
    titleCase: z.enum(['keep', 'sentence']).default('keep'),
    scrape: scrapeSchema.optional(),
    ...sourceCredentialsShape,
    allowPrivateNetworks: PRIVATE_NETWORKS.optional(),
  })
  .refine((s) => !hasUserInfo(s.url), { message: 'must not carry credentials; use auth.basic with "${ENV}" values', path: ['url'] })
  .refine((s) => !(s.interval !== undefined && s.schedule !== undefined), {
    message: 'set either interval or schedule, not both',
    path: ['schedule'],
  });

/** The rules a curated feed includes or excludes by; `include` also takes a full-text `query`. */
const ruleShape = {
  sources: z.array(ID).default([]),
  kinds: z.array(z.enum(['wire', 'partner'])).default([]),
  tags: z.array(z.string().min(1)).default([]),
  languages: z.array(LANG).default([]),
  keywords: z.array(z.string().min(1)).default([]),
};
const NO_RULES = { sources: [], kinds: [], tags: [], languages: [], keywords: [] };

export const feedSchema = z.strictObject({
  id: ID,
  title: z.string().min(1),
  description: z.string().default(''),
  language: LANG.optional(),
  include: z
    .strictObject({
      ...ruleShape, query: z.string().min(1).superRefine(checkSearchQuery).optional(),
      // Wire items only (README "Wire formats"): urgency 1 (flash) … 9, and agency signals.
      maxUrgency: z.number().int().min(1).max(9).optional(),
      signals: z.array(z.string().regex(/^[a-z0-9._-]{1,40}$/, 'must be a lowercase signal name such as "correction"')).optional(),
    })
    .default(NO_RULES),
  exclude: z.strictObject(ruleShape).default(NO_RULES),
  maxAgeHours: z.number().positive().optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  formats: z.array(z.enum(['rss', 'atom', 'json'])).min(1).default(['rss', 'atom', 'json']),
  ...feedAccessShape,
});

export const configSchema = z
  .strictObject({
    database: z.string().min(1).superRefine((value, ctx) => {
      const problem = databaseProblem(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }).default('data/wiredesk.db'),
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        baseUrl: z.url({ protocol: /^https?$/ }).optional(),
        adminToken: ADMIN_TOKEN.optional(),
        /** Time budget of one /search match (README "Full-text queries"). */
        searchTimeoutMs: z.number().int().min(1).max(60_000).default(2000),
      })
      .default({ host: '127.0.0.1', port: 8080, searchTimeoutMs: 2000 }),
    schedule: z
      .strictObject({
        cron: CRON.default('*/15 * * * *'),
        interval: z.number().int().min(60).max(7 * 86400).default(900),
        timezone: z.string().min(1).optional(),
      })
      .default({ cron: '*/15 * * * *', interval: 900 }),
    fetch: z
      .strictObject({
        timeoutMs: z.number().int().min(100).max(600_000).default(20_000),
        maxBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(20 * 1024 * 1024),
        concurrency: z.number().int().min(1).max(256).default(8),
        perHostConcurrency: z.number().int().min(1).max(32).default(2),
        perHostDelayMs: z.number().int().min(0).max(60_000).default(0),
        parseTimeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
        userAgent: z.string().min(1).optional(),
        allowPrivateNetworks: PRIVATE_NETWORKS.default(false),
      })
      .default({ timeoutMs: 20_000, maxBytes: 20 * 1024 * 1024, concurrency: 8, perHostConcurrency: 2, perHostDelayMs: 0, parseTimeoutMs: 60_000, allowPrivateNetworks: false }),
    retention: z.strictObject({ days: z.number().int().min(1).max(36500).default(90) }).default({ days: 90 }),
    dedup: z
      .strictObject({
        windowHours: z.number().positive().max(24 * 365).default(DEDUP_DEFAULTS.windowHours),
        // Story thresholds, calibrated on test/fixtures/stories (see README "Stories").
        jaccard: z.number().gt(0).max(1).default(DEDUP_DEFAULTS.jaccard),
        containment: z.number().gt(0).max(1).default(DEDUP_DEFAULTS.containment),
        minSharedShingles: z.number().int().min(1).max(1000).default(DEDUP_DEFAULTS.minSharedShingles),
        backgroundStories: z.number().int().min(2).max(1000).default(DEDUP_DEFAULTS.backgroundStories),
        chromeLineStories: z.number().int().min(2).max(1000).default(DEDUP_DEFAULTS.chromeLineStories),
      })
      .default(DEDUP_DEFAULTS),
    websub: z.strictObject({ hub: z.url({ protocol: /^https?$/ }) }).optional(),
    sources: z.array(sourceSchema).min(1),
    feeds: z.array(feedSchema).default([]),
  })
  .superRefine((cfg, ctx) => {
    reportDuplicates(cfg.sources.map((s) => s.id), 'sources', ctx);
    reportDuplicates(cfg.feeds.map((f) => f.id), 'feeds', ctx);
    if (/^postgres(ql)?:/i.test(cfg.database)) reportPostgresQueries(cfg.feeds, ctx);
    const ids = new Set(cfg.sources.map((s) => s.id));
    cfg.feeds.forEach((feed, i) => {
      for (const part of ['include', 'exclude'] as const) {
        feed[part].sources.forEach((id, j) => {
          if (!ids.has(id)) {
            ctx.addIssue({ code: 'custom', message: `unknown source id "${id}"`, path: ['feeds', i, part, 'sources', j] });
          }
        });
      }
    });
  });

/** On PostgreSQL a query must also compile to a tsquery (a few NEAR shapes cannot: README "Full-text queries"). */
function reportPostgresQueries(feeds: Array<{ include: { query?: string | undefined } }>, ctx: z.RefinementCtx): void {
  feeds.forEach((feed, i) => {
    const problem = feed.include.query === undefined ? null : postgresQueryProblem(feed.include.query);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `not a full-text query PostgreSQL can run (${problem})`, path: ['feeds', i, 'include', 'query'] });
  });
}

function reportDuplicates(ids: string[], key: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${id}"`, path: [key, i, 'id'] });
    seen.add(id);
  });
}

export type Config = z.infer<typeof configSchema>;
export type SourceConfig = Config['sources'][number];
export type FeedConfig = Config['feeds'][number];
export type ScrapeConfig = z.infer<typeof scrapeSchema>;
