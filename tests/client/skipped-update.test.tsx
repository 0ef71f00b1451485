// The Run page's notice for a loop round that skipped its policy update (client/src/components/runs/SkippedUpdate.tsx).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SkippedUpdate } from '../../client/src/components/runs/SkippedUpdate';

describe('SkippedUpdate', () => {
  it('shows why the policy update was skipped, as text', () => {
    const reason = "the reward model's held-out accuracy 48.7 % on 113 pairs is not 1 standard errors above 50 %";
    const html = renderToStaticMarkup(<SkippedUpdate result={{ policy: null, skipped: reason }} />);
    expect(html).toContain('Policy update skipped: the reward model&#x27;s held-out accuracy 48.7 %');
    expect(html).toContain('role="status"');
    expect(renderToStaticMarkup(<SkippedUpdate result={{ skipped: '<b>x</b>' }} />)).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('shows nothing for a round asked not to update, a round that updated, or a result of another shape', () => {
    for (const result of [{ skipped: 'no policy update asked' }, { skipped: null, policy: { id: 2 } }, null, 'skipped', { skipped: 3 }]) {
      expect(renderToStaticMarkup(<SkippedUpdate result={result} />), JSON.stringify(result)).toBe('');
    }
  });
});
