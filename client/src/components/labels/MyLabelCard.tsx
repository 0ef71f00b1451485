import { type FormEvent, useState } from 'react';
import type { LabelChange, MyLabel } from '../../../../shared/schemas/label-review';
import { PICKS, type Pick, STRENGTH_LABELS } from '../../../../shared/schemas/labels';
import { errorMessage } from '../../api/http';

const PICK_NAMES: Record<Pick, string> = { left: 'Left', right: 'Right', tie: 'Tie', both_bad: 'Both bad' };

/** One of my labels: the pair as I saw it (texts as plain text), my decision, and a form to change it. */
export function MyLabelCard({ label, saving, onChange }: { label: MyLabel; saving: boolean; onChange: (change: LabelChange) => Promise<MyLabel> }) {
  const [pick, setPick] = useState<Pick>(label.pick);
  const [strength, setStrength] = useState(label.strength);
  const [rationale, setRationale] = useState(label.rationale ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await onChange({ pick, strength, rationale: rationale.trim() || undefined });
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <article className="card stack" data-testid="my-label" data-assignment-id={label.assignmentId}>
      <header className="section-head">
        <h3 data-testid="my-label-decision">
          {PICK_NAMES[label.pick]} · {STRENGTH_LABELS[label.strength]}
        </h3>
        <span className="muted small" data-testid="my-label-version">
          {label.version > 1 ? `changed ${label.version - 1}× · ` : ''}
          {new Date(label.changedAt ?? label.labelledAt).toLocaleString()}
        </span>
      </header>
      <pre className="json">{label.prompt.text}</pre>
      <div className="admin-grid admin-grid-even">
        <div>
          <span className="section-label">Left</span>
          <pre className="json">{label.left.text}</pre>
        </div>
        <div>
          <span className="section-label">Right</span>
          <pre className="json">{label.right.text}</pre>
        </div>
      </div>
      <form className="inline-form" onSubmit={submit} aria-label="Change this label">
        <label className="field">
          <span>Better</span>
          <select value={pick} onChange={(e) => setPick(e.target.value as Pick)} data-testid="my-label-pick">
            {PICKS.map((p) => (
              <option key={p} value={p}>
                {PICK_NAMES[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Strength</span>
          <select value={strength} onChange={(e) => setStrength(Number(e.target.value))} data-testid="my-label-strength">
            {STRENGTH_LABELS.map((name, s) => (
              <option key={name} value={s}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Rationale</span>
          <input value={rationale} onChange={(e) => setRationale(e.target.value)} maxLength={5000} data-testid="my-label-rationale" />
        </label>
        <button type="submit" className="btn btn-primary btn-small" disabled={saving} data-testid="my-label-save">
          Save change
        </button>
        {error && (
          <p className="form-message tone-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </article>
  );
}
