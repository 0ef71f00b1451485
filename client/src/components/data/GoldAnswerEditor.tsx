import { useState } from 'react';
import { CHOICES, type Choice } from '../../../../shared/schemas/labels';

/** A gold pair's expected answer, changed in place (the texts stay: labels were given on them). */
export function GoldAnswerEditor({ current, busy, onSave }: { current: Choice; busy: boolean; onSave: (answer: Choice) => void }) {
  const [answer, setAnswer] = useState<Choice>(current);
  return (
    <div className="inline-form">
      <label className="field">
        <span>Expected answer</span>
        <select value={answer} onChange={(e) => setAnswer(e.target.value as Choice)} data-testid="gold-answer-edit">
          {CHOICES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-quiet btn-small" disabled={busy || answer === current} onClick={() => onSave(answer)} data-testid="gold-answer-save">
        Save answer
      </button>
    </div>
  );
}
