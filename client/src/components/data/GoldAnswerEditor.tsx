import { useState } from 'react';
import type { Choice } from '../../../../shared/schemas/labels';
import { ChoiceSelect } from './ChoiceSelect';

/** A gold pair's expected answer, changed in place (the texts stay: labels were given on them). */
export function GoldAnswerEditor({ current, busy, onSave }: { current: Choice; busy: boolean; onSave: (answer: Choice) => void }) {
  const [answer, setAnswer] = useState<Choice>(current);
  return (
    <div className="inline-form">
      <ChoiceSelect label="Expected answer" value={answer} onChange={setAnswer} testId="gold-answer-edit" />
      <button type="button" className="btn btn-quiet btn-small" disabled={busy || answer === current} onClick={() => onSave(answer)} data-testid="gold-answer-save">
        Save answer
      </button>
    </div>
  );
}
