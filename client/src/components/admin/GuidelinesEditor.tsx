import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/http';
import { useGuidelines } from '../../hooks/useGuidelines';
import { SafeMarkdown } from '../SafeMarkdown';

/** Edit the annotators' guidelines (markdown) with a live preview. */
export function GuidelinesEditor() {
  const guidelines = useGuidelines();
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    if (guidelines.markdown !== null) setDraft(guidelines.markdown);
  }, [guidelines.markdown]);

  const save = async () => {
    try {
      await guidelines.save(draft);
      setMessage({ tone: 'ok', text: 'Guidelines saved; annotators see them on their next pair.' });
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    }
  };

  return (
    <section className="card admin-section" aria-labelledby="guidelines-title">
      <header className="section-head">
        <h2 id="guidelines-title">Guidelines</h2>
      </header>
      {guidelines.error && <p className="tone-error">{guidelines.error}</p>}
      <div className="editor-split">
        <label className="field">
          <span>Markdown</span>
          <textarea
            className="mono"
            rows={12}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            data-testid="guidelines-input"
          />
        </label>
        <div className="field">
          <span>Preview</span>
          <div className="preview">
            <SafeMarkdown text={draft} />
          </div>
        </div>
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void save()}
          disabled={draft === guidelines.markdown}
          data-testid="guidelines-save"
        >
          Save guidelines
        </button>
        {message && (
          <p className={`form-message tone-${message.tone}`} role="status">
            {message.text}
          </p>
        )}
      </div>
    </section>
  );
}
