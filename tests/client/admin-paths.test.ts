// The admin area's URLs: the Annotators page and one annotator's own page, and what is not a page.
import { describe, expect, it } from 'vitest';
import { adminHref, adminViewOf } from '../../client/src/pages/adminPaths';

describe('admin paths', () => {
  it('reads #/admin/annotators and #/admin/annotators/:id, and writes them back', () => {
    expect(adminViewOf(['annotators'])).toEqual({ page: 'annotators' });
    expect(adminViewOf(['annotators', '12'])).toEqual({ page: 'annotator', id: 12 });
    expect(adminHref({ page: 'annotators' })).toBe('#/admin/annotators');
    expect(adminHref({ page: 'annotator', id: 12 })).toBe('#/admin/annotators/12');
  });

  it('names no page for a bad annotator id or a longer path', () => {
    for (const rest of [['annotators', '0'], ['annotators', '-1'], ['annotators', 'abc'], ['annotators', '1.5'], ['annotators', '3', 'x']]) {
      expect(adminViewOf(rest), rest.join('/')).toBeNull();
    }
    expect(adminViewOf(['runs', '7'])).toEqual({ page: 'run', id: 7 }); // the shared id rule still holds for runs
  });
});
