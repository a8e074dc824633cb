/**
 * SQLite store → PostgreSQL store, losslessly, in one transaction: every table the SQLite store
 * has is copied column for column into the table of the same name (the PostgreSQL schema mirrors
 * it), in insertion order, so commit_seq follows the order items were stored in. A target that
 * holds any data is refused; a SQLite column the target lacks is an error, never dropped.
 */
import { WiredeskError } from '../model/errors.js';
import type { DumpTable, StoreDump } from '../store/store-dump.js';
import type { PgClient, PgDatabase } from './connection.js';
import { fillSearchWords } from './item-rows.js';

/** Parents before children (foreign keys); the other tables follow in name order. */
const FIRST = ['sources', 'stories', 'items'];
/** PostgreSQL accepts at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;
/** SQLite-only state the PostgreSQL schema has no table for (none since migration 5 carries the WebSub outbox). */
const NOT_CARRIED = new Set<string>();
/** Tables that an empty, migrated target already holds rows of, and that the copy replaces. */
const SEEDED = new Set(['meta', 'story_index_state']);

export interface MigrateReport {
  /** Rows copied per table. */
  tables: Record<string, number>;
  /** SQLite tables not carried over (see NOT_CARRIED), with their row counts. */
  skipped: Record<string, number>;
}

export async function migrateStore(dump: StoreDump, target: PgDatabase): Promise<MigrateReport> {
  const carried = (t: DumpTable) => !NOT_CARRIED.has(t.name);
  const skipped = Object.fromEntries(dump.tables.filter((t) => !carried(t)).map((t) => [t.name, t.count]));
  const tables = dump.tables.filter(carried).sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  return target.transaction('copy the SQLite store', async (client) => {
    const targetColumns = await columnsOf(client);
    await refuseNonEmpty(client, tables, targetColumns);
    const copied: Record<string, number> = {};
    for (const table of tables) copied[table.name] = await copyTable(client, table, targetColumns.get(table.name));
    await resetSequences(client);
    // items.search is generated from our own search words, which SQLite does not store.
    await fillSearchWords(client);
    return { tables: copied, skipped };
  });
}

function rank(name: string): number {
  const i = FIRST.indexOf(name);
  return i === -1 ? FIRST.length : i;
}

async function columnsOf(client: PgClient): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(`SELECT table_name, column_name
    FROM information_schema.columns WHERE table_schema = current_schema()`);
  const byTable = new Map<string, Set<string>>();
  for (const r of rows) byTable.set(r.table_name, (byTable.get(r.table_name) ?? new Set()).add(r.column_name));
  return byTable;
}

async function refuseNonEmpty(client: PgClient, tables: DumpTable[], targetColumns: Map<string, Set<string>>): Promise<void> {
  for (const table of tables) {
    if (SEEDED.has(table.name) || !targetColumns.has(table.name)) continue;
    const { rows } = await client.query(`SELECT 1 FROM ${ident(table.name)} LIMIT 1`);
    if (rows.length > 0) {
      throw new WiredeskError('STORE_FAILED', `migrate-store: the target database is not empty (table ${table.name} has rows); `
        + 'migrate into a new, empty database (createdb), or drop this one first');
    }
  }
}

async function copyTable(client: PgClient, table: DumpTable, target: Set<string> | undefined): Promise<number> {
  const missing = target === undefined ? [table.name] : table.columns.filter((c) => !target.has(c)).map((c) => `${table.name}.${c}`);
  if (missing.length > 0) {
    throw new WiredeskError('STORE_FAILED', `migrate-store: the PostgreSQL schema has no ${missing.join(', ')}; `
      + 'upgrade wiredesk on the target side (its migrations create every table the SQLite store has)');
  }
  if (SEEDED.has(table.name)) await client.query(`DELETE FROM ${ident(table.name)}`);
  const columns = table.columns.map(ident).join(', ');
  let copied = 0;
  for (const rows of table.rows(Math.max(1, Math.floor(MAX_PARAMS / table.columns.length)))) {
    const values = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${ident(table.name)} (${columns}) VALUES ${values}`, rows.flat().map(toParam));
    copied += rows.length;
  }
  return copied;
}

/** 64-bit integers travel as decimal text (exact); everything else as it is. */
function toParam(value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Serial columns copied with their values: the next insert must not reuse one. */
async function resetSequences(client: PgClient): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string; seq: string }>(`SELECT table_name, column_name,
    pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
    FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`);
  for (const r of rows) {
    if (r.seq === null) continue;
    await client.query(`SELECT setval($1, GREATEST((SELECT MAX(${ident(r.column_name)}) FROM ${ident(r.table_name)}), 1))`, [r.seq]);
  }
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
