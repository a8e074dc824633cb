/**
 * 17: WebSub through an outbox. websub_outbox gets a row in every refresh transaction that changed
 * items (so a crash between the commit and the ping loses no announcement); websub_announced keeps
 * the ETag each feed URL was last announced with (so a restart neither repeats nor forgets one).
 */
export const id = 17;
export const sql = `
  CREATE TABLE websub_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE websub_announced (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    announced_at TEXT NOT NULL
  );
`;
