/** 8: how each item's publication date was found (`feed`, `json-ld`, `url`, `first-seen`…; see DateSource). */
export const id = 8;
export const sql = `
  ALTER TABLE items ADD COLUMN date_source TEXT;
  UPDATE items SET date_source = 'feed' WHERE published IS NOT NULL;
  `;
