/**
 * A whole SQLite store, table by table, for `wiredesk migrate-store`: every row as stored (64-bit
 * integers as BigInt, BLOBs as Buffers), in insertion order. FTS5's index is left out: the
 * PostgreSQL store derives its own (items.search) from the items.
 */
import Database from 'better-sqlite3';
import { WiredeskError } from '../model/errors.js';
import { migrate } from './migrations.js';

export interface DumpTable {
  name: string;
  columns: string[];
  count: number;
  /** Rows in insertion (rowid) order, as arrays in `columns` order. */
  rows(batch: number): IterableIterator<unknown[][]>;
}

export interface StoreDump {
  tables: DumpTable[];
  close(): void;
}

/** Derived or bookkeeping tables that are not copied: the FTS5 index and its shadow tables, SQLite's own. */
const SKIPPED = /^(sqlite_|items_fts|schema_migrations$)/;

export function openStoreDump(path: string): StoreDump {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
    // An older store is brought to the current schema first, so every column the target has is there.
    migrate(db);
  } catch (err) {
    throw new WiredeskError('STORE_FAILED', `store: cannot open ${path}: ${(err as Error).message}; check the path`, { cause: err });
  }
  const names = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all()
    .map((r) => r.name).filter((n) => !SKIPPED.test(n));
  return { tables: names.map((name) => dumpTable(db, name)), close: () => db.close() };
}

function dumpTable(db: Database.Database, name: string): DumpTable {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  const columns = db.prepare<[string], { name: string }>(`SELECT name FROM pragma_table_info(?)`).all(name).map((c) => c.name);
  const count = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${quoted}`).get()?.n ?? 0;
  const order = hasRowid(db, quoted) ? 'ORDER BY rowid' : '';
  const select = db.prepare(`SELECT * FROM ${quoted} ${order}`).raw(true).safeIntegers(true);
  return {
    name, columns, count,
    *rows(batch) {
      let chunk: unknown[][] = [];
      for (const row of select.iterate() as IterableIterator<unknown[]>) {
        chunk.push(row);
        if (chunk.length < batch) continue;
        yield chunk;
        chunk = [];
      }
      if (chunk.length > 0) yield chunk;
    },
  };
}

function hasRowid(db: Database.Database, quoted: string): boolean {
  try {
    db.prepare(`SELECT rowid FROM ${quoted} LIMIT 1`).get();
    return true;
  } catch {
    return false;
  }
}
