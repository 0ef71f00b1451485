import { type FormEvent, useState } from 'react';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../api/http';
import { TextField } from '../TextField';

/** Pair responses of two models (or every pair of models) to the same prompts into comparisons. */
export function BuildComparisonsPanel() {
  const [modelA, setModelA] = useState('');
  const [modelB, setModelB] = useState('');
  const [kind, setKind] = useState<'train' | 'eval'>('train');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { comparisons } = await api.buildComparisons({
        modelA: modelA.trim() || undefined,
        modelB: modelB.trim() || undefined,
        kind,
      });
      setMessage({ tone: 'ok', text: `Built ${comparisons} new comparisons.` });
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card admin-section" aria-labelledby="build-title">
      <header className="section-head">
        <h2 id="build-title">Build comparisons</h2>
      </header>
      <p className="muted small">Leave both models empty to pair every two models that answered the same prompt.</p>
      <form className="inline-form" onSubmit={submit} data-testid="build-form">
        <TextField
          label="Model A"
          value={modelA}
          onValue={setModelA}
          placeholder="any"
          testId="build-model-a"
        />
        <TextField
          label="Model B"
          value={modelB}
          onValue={setModelB}
          placeholder="any"
          testId="build-model-b"
        />
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'train' | 'eval')} data-testid="build-kind">
            <option value="train">train</option>
            <option value="eval">eval</option>
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="build-submit">
          {busy ? 'Building…' : 'Build comparisons'}
        </button>
        {message && (
          <p className={`form-message tone-${message.tone}`} role="status" data-testid="build-result">
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
