import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClaimPort, lockClaim, type Claim, type SourceRegistration } from '../../src/store-pg/claims.js';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';

const NOW = new Date('2026-03-01T10:00:00Z');

function sources(hosts: string[], perHost: number): SourceRegistration[] {
  return hosts.flatMap((host) => Array.from({ length: perHost }, (_, i) => ({
    id: `${host}-${i}`, url: `http://${host}/feed-${i}.xml`, host, fingerprint: 'f',
  })));
}

describePg('claiming due sources on PostgreSQL', () => {
  let url = '';
  const dbs: PgDatabase[] = [];
  beforeAll(async () => {
    url = await createTestDatabase();
    for (let i = 0; i < 4; i += 1) dbs.push(await openPgDatabase(url, { max: 2 }));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.close()));
    await dropTestDatabase(url);
  });

  it('gives each due source to one of four concurrent claimers and never more than perHost per host', async () => {
    const all = sources(['h1:80', 'h2:80', 'h3:80'], 10);
    const ports = dbs.map((d) => createClaimPort(d, { perHost: 2, perHostDelayMs: 0, leaseMs: 60_000 }));
    await ports[0]!.register(all);
    const scope = { ids: all.map((s) => s.id) };
    const rounds = await Promise.all(ports.map((p, i) => p.claimDue(`w${i}`, 5, NOW, scope)));
    const claimed = rounds.flat().map((c) => c.sourceId);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed).toHaveLength(6);
    for (const host of ['h1:80', 'h2:80', 'h3:80']) expect(claimed.filter((id) => id.startsWith(host))).toHaveLength(2);
    const { rows } = await dbs[0]!.pool.query<{ host: string; in_flight: number }>('SELECT host, in_flight FROM hosts ORDER BY host');
    expect(rows.map((r) => r.in_flight)).toEqual([2, 2, 2]);
    expect(await ports[1]!.claimDue('late', 5, NOW, scope)).toEqual([]);
    await Promise.all(ports.map((p, i) => p.release(`w${i}`, rounds[i]!)));
    const after = await dbs[0]!.pool.query<{ n: number }>('SELECT sum(in_flight)::int AS n FROM hosts');
    expect(after.rows[0]?.n).toBe(0);
  });

  it('frees an expired claim with its host slot and refuses the old holder its fence afterwards', async () => {
    const one = sources(['slow:80'], 1);
    const port = createClaimPort(dbs[0]!, { perHost: 1, perHostDelayMs: 0, leaseMs: 1_000 });
    await port.register(one);
    const scope = { ids: one.map((s) => s.id) };
    const [first] = await port.claimDue('crashed', 1, NOW, scope);
    expect(first?.sourceId).toBe('slow:80-0');
    expect(await port.claimDue('other', 1, new Date(NOW.getTime() + 500), scope)).toEqual([]);
    const later = new Date(NOW.getTime() + 1_500);
    expect(await port.reapExpired(later)).toBe(1);
    const [second] = await port.claimDue('other', 1, later, scope);
    expect(second?.sourceId).toBe('slow:80-0');
    expect(second?.fence).not.toBe(first?.fence);
    expect(await lockClaim(dbs[0]!.pool, 'crashed', first as Claim, later.getTime())).toBe(false);
    expect(await lockClaim(dbs[0]!.pool, 'other', second as Claim, later.getTime())).toBe('slow:80');
    expect(await port.renew('crashed', [first as Claim], later)).toEqual([]);
    await port.release('other', [second as Claim]);
  });

  it('spaces claims on a host by perHostDelayMs across claimers', async () => {
    const two = sources(['spaced:80'], 2);
    const ports = dbs.slice(0, 2).map((d) => createClaimPort(d, { perHost: 5, perHostDelayMs: 2_000, leaseMs: 60_000 }));
    await ports[0]!.register(two);
    const scope = { ids: two.map((s) => s.id) };
    const [a, b] = await Promise.all(ports.map((p, i) => p.claimDue(`d${i}`, 2, NOW, scope)));
    expect([...a!, ...b!]).toHaveLength(1);
    expect(await ports[1]!.claimDue('d1', 2, new Date(NOW.getTime() + 1_000), scope)).toEqual([]);
    expect(await ports[1]!.claimDue('d1', 2, new Date(NOW.getTime() + 2_000), scope)).toHaveLength(1);
  });
});
