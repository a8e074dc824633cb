/** 11: entries a refresh could not keep, with why, on the source's row (`wiredesk sources`). */
export const id = 11;
export const sql = `
  ALTER TABLE sources ADD COLUMN last_skipped TEXT;
  `;
