/**
 * One round trip for what a refresh commit that changed items does last, under the commit-order
 * lock: take the lock (held to COMMIT), number the items' commit_seq in the order given, bump the
 * feeds' generation and NOTIFY it. Every commit waits for that lock, so the fewer round trips it
 * is held for, the more commits per second all workers together make (seven round trips were the
 * ceiling of `bench scale`).
 */
export const id = 7;
export const sql = `
  CREATE OR REPLACE FUNCTION wiredesk_announce_commit(lock_key bigint, ids text[], channel text) RETURNS bigint
  LANGUAGE plpgsql AS $$
  DECLARE generation bigint;
  BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    UPDATE items SET commit_seq = t.seq FROM unnest(ids,
        ARRAY(SELECT nextval(pg_get_serial_sequence('items', 'commit_seq')) FROM generate_series(1, cardinality(ids)) ORDER BY 1)) AS t(id, seq)
      WHERE items.id = t.id;
    UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation' RETURNING value::bigint INTO generation;
    PERFORM pg_notify(channel, generation::text);
    RETURN generation;
  END $$;
`;
