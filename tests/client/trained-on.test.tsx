// The Models page's "Trained on" cell (client/src/components/models/TrainedOn.tsx), rendered to markup: a version
// that cites a snapshot links to the snapshot's file; one that does not shows its fallback.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TrainedOn } from '../../client/src/components/models/TrainedOn';

const SHA = 'ab'.repeat(32);

describe('TrainedOn', () => {
  it('names the snapshot, links its file for download and shows its hash and rows', () => {
    const html = renderToStaticMarkup(<TrainedOn metrics={{ snapshot: { id: 7, name: 'prefs', version: 3, sha256: SHA, rows: 1200 }, 'eval/loss': 0.5 }} testId="s" fallback="stored labels" />);
    expect(html).toContain('href="/api/admin/snapshots/7/file"');
    expect(html).toContain('download=""');
    expect(html).toContain('>prefs v3</a>');
    expect(html).toContain(`title="sha256 ${SHA}"`);
    expect(html).toContain(SHA.slice(0, 12));
    expect(html).toContain((1200).toLocaleString());
  });

  it('shows the fallback when the version cites no snapshot, or something that is not one', () => {
    for (const metrics of [{}, { snapshot: 'prefs' }, { snapshot: { id: '7', name: 'prefs', version: 1, sha256: SHA } }, { snapshot: null }]) {
      const html = renderToStaticMarkup(<TrainedOn metrics={metrics} testId="s" fallback="stored labels" />);
      expect(html, JSON.stringify(metrics)).toBe('<span class="muted small">stored labels</span>');
    }
  });
});
