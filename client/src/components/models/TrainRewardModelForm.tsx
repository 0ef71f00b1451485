import { type FormEvent, useState } from 'react';
import { CheckboxField } from '../CheckboxField';
import { NumberFields } from './NumberFields';

/** A few knobs of an `rm` job's config (server/jobs/kinds/rm.ts); empty fields keep the server's defaults. */
const FIELDS = [
  { key: 'steps', label: 'Steps', step: '1', placeholder: '1 epoch' },
  { key: 'batchSize', label: 'Batch size', step: '1', placeholder: '8' },
  { key: 'lr', label: 'Learning rate', step: 'any', placeholder: '1e-4' },
  { key: 'maxLen', label: 'Max tokens', step: '1', placeholder: '256' },
  { key: 'heldoutFraction', label: 'Held out', step: 'any', placeholder: '0.15' },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];
type WordPriorChoice = 'auto' | 'on' | 'off';

interface Props {
  busy: boolean;
  error: string | null;
  onTrain: (config: Record<string, number | boolean>) => void;
}

/** "Train reward model": queues an rm job on every stored label (the page then opens its run). */
export function TrainRewardModelForm({ busy, error, onTrain }: Props) {
  const [values, setValues] = useState<Record<FieldKey, string>>({ steps: '', batchSize: '', lr: '', maxLen: '', heldoutFraction: '' });
  const [force, setForce] = useState(false);
  const [wordPrior, setWordPrior] = useState<WordPriorChoice>('auto');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const config: Record<string, number | boolean> = {};
    for (const { key } of FIELDS) if (values[key].trim() !== '') config[key] = Number(values[key]);
    if (force) config.force = true;
    if (wordPrior !== 'auto') config.wordPrior = wordPrior === 'on';
    onTrain(config);
  };

  return (
    <form className="stack" onSubmit={submit} data-testid="train-rm-form">
      <div className="inline-form">
        <NumberFields
          fields={FIELDS}
          values={values}
          onValue={(key, value) => setValues((prev) => ({ ...prev, [key]: value }))}
          testIdPrefix="train-rm"
        />
        <label className="field" title="A logistic regression on pretrained GloVe word vectors, fitted before the trunk. Auto: on unless most prompts are task-world prompts">
          <span>Word prior</span>
          <select value={wordPrior} onChange={(e) => setWordPrior(e.target.value as WordPriorChoice)} data-testid="train-rm-word-prior">
            <option value="auto">auto</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </label>
        <CheckboxField label="Activate even if worse" checked={force} onChecked={setForce} testId="train-rm-force" />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="train-rm">
          {busy ? 'Starting…' : 'Train reward model'}
        </button>
      </div>
      {error && (
        <p className="form-message tone-error" role="alert" data-testid="train-rm-error">
          {error}
        </p>
      )}
    </form>
  );
}
