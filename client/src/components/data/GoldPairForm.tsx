import { type FormEvent, useState } from 'react';
import type { AdminComparison } from '../../../../shared/schemas/admin';
import type { GoldPairCreate } from '../../../../shared/schemas/data';
import type { Choice } from '../../../../shared/schemas/labels';
import { ChoiceSelect } from './ChoiceSelect';
import { errorMessage } from '../../api/http';

const EMPTY = { prompt: '', responseA: '', responseB: '' };

/** A new gold pair: a prompt, two responses and the known right answer; annotators get it at the gold rate. */
export function GoldPairForm({ onCreate }: { onCreate: (pair: GoldPairCreate) => Promise<AdminComparison> }) {
  const [texts, setTexts] = useState(EMPTY);
  const [answer, setAnswer] = useState<Choice>('a');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await onCreate({ ...texts, answer });
      setMessage({ tone: 'ok', text: `Gold pair #${created.id} created.` });
      setTexts(EMPTY);
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    }
  };
  const area = (key: keyof typeof EMPTY, label: string) => (
    <label className="field">
      <span>{label}</span>
      <textarea value={texts[key]} onChange={(e) => setTexts({ ...texts, [key]: e.target.value })} required maxLength={20_000} rows={3} data-testid={`gold-${key}`} />
    </label>
  );

  return (
    <form className="stack" onSubmit={submit} aria-label="Create gold pair" data-testid="gold-form">
      {area('prompt', 'Prompt')}
      <div className="admin-grid admin-grid-even">
        {area('responseA', 'Response A')}
        {area('responseB', 'Response B')}
      </div>
      <div className="inline-form">
        <ChoiceSelect label="Right answer" value={answer} onChange={setAnswer} testId="gold-answer" />
        <button type="submit" className="btn btn-primary" data-testid="gold-create">
          Create gold pair
        </button>
      </div>
      {message && (
        <p className={`form-message tone-${message.tone}`} role="status" data-testid="gold-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
