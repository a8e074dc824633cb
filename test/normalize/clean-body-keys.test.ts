import { describe, expect, it } from 'vitest';
import { cleanBody } from '../../src/normalize/clean-body.js';

const body = '<p>Beta Daily</p><p>The council voted on Tuesday to close the old bridge for repairs.</p>';

describe('cleanBody with the site names of one feed after another', () => {
  it('drops a leading site name of this feed, whatever feed was cleaned before', () => {
    const options = (siteNames: string[]) => ({ title: 'Bridge closes', siteNames, findDateline: false });
    expect(cleanBody(body, options(['Alpha News'])).text).toContain('Beta Daily');
    expect(cleanBody(body, options(['Beta Daily'])).text).not.toContain('Beta Daily');
    expect(cleanBody(body, options(['Alpha News'])).text).toContain('Beta Daily');
  });
});
