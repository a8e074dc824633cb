import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { configProblems } from '../helpers/config-problems.js';

const FILE = '/etc/wiredesk/feeds.config.json';
const source = (over: object) => ({ id: 'agency', url: 'https://agency.example/feed', kind: 'wire', ...over });

const problemsOf = (json: unknown, env: Record<string, string> = {}) => configProblems(json, env);

describe('secrets from the environment', () => {
  it('replaces ${NAME} in source headers, basic auth, webhook secrets and the admin token', () => {
    const env = { AGENCY_KEY: 'k-123', AGENCY_PASS: 'p@ss:word', HOOK_SECRET: 'a-webhook-secret-of-length', ADMIN: 'an-admin-token-long-enough' };
    const { config } = parseConfigText(JSON.stringify({
      server: { adminToken: '${ADMIN}' },
      sources: [source({ headers: { 'X-Api-Key': 'key=${AGENCY_KEY}' }, auth: { basic: { username: 'desk', password: '${AGENCY_PASS}' } } })],
      feeds: [{ id: 'f', title: 'F', access: 'token', webhooks: [{ url: 'https://hooks.example/in', secret: '${HOOK_SECRET}' }] }],
    }), FILE, env);
    expect(config.server.adminToken).toBe('an-admin-token-long-enough');
    expect(config.sources[0]?.headers).toEqual({ 'X-Api-Key': 'key=k-123' });
    expect(config.sources[0]?.auth).toEqual({ basic: { username: 'desk', password: 'p@ss:word' } });
    expect(config.feeds[0]?.webhooks[0]?.secret).toBe('a-webhook-secret-of-length');
    expect(config.feeds[0]?.access).toBe('token');
  });

  it('reports an unset variable at its key path, naming the variable and never a value', () => {
    const problems = problemsOf({ sources: [source({ auth: { bearer: '${AGENCY_TOKEN}' } })] }, { OTHER: 'secret-value' });
    expect(problems).toEqual(['feeds.config.json: sources[0].auth.bearer: environment variable AGENCY_TOKEN is not set']);
  });

  it('refuses credentials in the source URL, reserved header names and short webhook secrets', () => {
    expect(problemsOf({ sources: [source({ url: 'https://desk:hunter2@agency.example/feed' })] })).toEqual([
      'feeds.config.json: sources[0].url: must not carry credentials; use auth.basic with "${ENV}" values',
    ]);
    expect(problemsOf({ sources: [source({ headers: { Host: 'x' } })] })[0]).toContain('sources[0].headers.Host');
    expect(problemsOf({ sources: [source({})], feeds: [{ id: 'f', title: 'F', webhooks: [{ url: 'https://h.example/', secret: 'short' }] }] }))
      .toEqual(['feeds.config.json: feeds[0].webhooks[0].secret: must be at least 16 characters']);
  });

  it('defaults curated feeds to public with no webhooks, and refuses an unknown access mode', () => {
    const { config } = parseConfigText(JSON.stringify({ sources: [source({})], feeds: [{ id: 'f', title: 'F' }] }), FILE, {});
    expect(config.feeds[0]).toMatchObject({ access: 'public', webhooks: [] });
    expect(problemsOf({ sources: [source({})], feeds: [{ id: 'f', title: 'F', access: 'secret' }] })[0]).toContain('feeds[0].access');
  });
});
