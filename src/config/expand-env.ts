/**
 * `${NAME}` references in secret values (source headers and auth, webhook URLs and secrets, the
 * admin token) are replaced by environment variables after validation, so secrets stay out of the
 * config file. A missing variable is a config problem at its key path; the message names the
 * variable, never a value.
 */
import type { Config, FeedConfig, SourceConfig } from './schema.js';
import type { ConfigProblem } from './load-config.js';

export type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const MIN_SECRET_CHARS = 16;

interface Expander {
  value(text: string, path: string): string;
  problems: ConfigProblem[];
}

function createExpander(env: Env): Expander {
  const problems: ConfigProblem[] = [];
  return {
    problems,
    value(text, path) {
      const out = text.replace(REFERENCE, (_whole, name: string) => {
        const found = env[name];
        if (found === undefined) problems.push({ path, message: `environment variable ${name} is not set` });
        return found ?? '';
      });
      if (/[\r\n\0]/.test(out)) problems.push({ path, message: 'must not contain line breaks or NUL characters' });
      return out;
    },
  };
}

export function expandConfigEnv(config: Config, env: Env): { config: Config; problems: ConfigProblem[] } {
  const ex = createExpander(env);
  const adminToken = config.server.adminToken === undefined ? undefined : ex.value(config.server.adminToken, 'server.adminToken');
  if (adminToken !== undefined && adminToken.length < MIN_SECRET_CHARS) {
    ex.problems.push({ path: 'server.adminToken', message: `must be at least ${MIN_SECRET_CHARS} characters` });
  }
  const server = adminToken === undefined ? config.server : { ...config.server, adminToken };
  const sources = config.sources.map((s, i) => expandSource(s, `sources[${i}]`, ex));
  const feeds = config.feeds.map((f, i) => expandFeed(f, `feeds[${i}]`, ex));
  return { config: { ...config, server, sources, feeds }, problems: ex.problems };
}

function expandSource(source: SourceConfig, at: string, ex: Expander): SourceConfig {
  if (source.headers === undefined && source.auth === undefined) return source;
  const out: SourceConfig = { ...source };
  if (source.headers !== undefined) {
    out.headers = Object.fromEntries(Object.entries(source.headers).map(([k, v]) => [k, ex.value(v, `${at}.headers.${k}`)]));
  }
  const auth = source.auth;
  if (auth !== undefined && 'basic' in auth) {
    const username = ex.value(auth.basic.username, `${at}.auth.basic.username`);
    if (username.includes(':')) ex.problems.push({ path: `${at}.auth.basic.username`, message: 'must not contain ":"' });
    out.auth = { basic: { username, password: ex.value(auth.basic.password, `${at}.auth.basic.password`) } };
  } else if (auth !== undefined) {
    out.auth = { bearer: ex.value(auth.bearer, `${at}.auth.bearer`) };
  }
  return out;
}

function expandFeed(feed: FeedConfig, at: string, ex: Expander): FeedConfig {
  if (feed.webhooks.length === 0) return feed;
  const webhooks = feed.webhooks.map((hook, j) => {
    const url = ex.value(hook.url, `${at}.webhooks[${j}].url`);
    if (!isHttpUrl(url)) ex.problems.push({ path: `${at}.webhooks[${j}].url`, message: 'must be an http(s) URL' });
    const secret = ex.value(hook.secret, `${at}.webhooks[${j}].secret`);
    if (secret.length < MIN_SECRET_CHARS) ex.problems.push({ path: `${at}.webhooks[${j}].secret`, message: `must be at least ${MIN_SECRET_CHARS} characters` });
    return { url, secret };
  });
  return { ...feed, webhooks };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
