/**
 * 3: shared polling by many processes.
 *   sources.claimed_by / lease_expires_at / claim_fence: who holds a source's claim, until when
 *     (epoch ms), and a token that grows with every claim: a commit names the fence it was given,
 *     so a worker whose claim expired and was taken by another cannot write.
 *   hosts: one row per host, locked while claiming: in_flight is the number of claims running on
 *     it across all processes, next_allowed_at (epoch ms) spaces requests by perHostDelayMs.
 *     Counting leased rows instead reads a stale snapshot under READ COMMITTED.
 *   items.commit_seq: commit order, which the story clusterer places new items in.
 */
export const id = 3;
export const sql = `
  ALTER TABLE sources ADD COLUMN host text;
  ALTER TABLE sources ADD COLUMN claimed_by text;
  ALTER TABLE sources ADD COLUMN lease_expires_at bigint;
  ALTER TABLE sources ADD COLUMN claim_fence bigint NOT NULL DEFAULT 0;
  CREATE INDEX sources_due ON sources(next_fetch_at);
  CREATE INDEX sources_lease ON sources(lease_expires_at) WHERE claimed_by IS NOT NULL;
  CREATE SEQUENCE claim_fences;
  CREATE TABLE hosts (
    host text PRIMARY KEY,
    in_flight integer NOT NULL DEFAULT 0 CHECK (in_flight >= 0),
    next_allowed_at bigint NOT NULL DEFAULT 0
  );
  ALTER TABLE items ADD COLUMN commit_seq bigserial;
  CREATE INDEX items_commit_seq ON items(commit_seq);
  `;
