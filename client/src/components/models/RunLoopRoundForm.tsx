import { type FormEvent, useState } from 'react';
import { CheckboxField } from '../CheckboxField';
import { NumberFields } from './NumberFields';

/** The loop's policy updates (server/ml/loop/policy-update.ts) and what each learns from. */
const ALGORITHMS = [
  { value: 'ppo', label: 'PPO (reward model)', steps: true, lr: true },
  { value: 'trpo', label: 'TRPO (reward model)', steps: true, lr: false },
  { value: 'best_of_n', label: 'Best-of-n (reward model)', steps: false, lr: true },
  { value: 'dpo', label: 'DPO (the labels)', steps: true, lr: true },
  { value: 'rloo', label: 'RLOO (the verifier)', steps: true, lr: true },
] as const;
type Algorithm = (typeof ALGORITHMS)[number]['value'];

const FIELDS = [
  { key: 'steps', label: 'Policy steps', step: '1', placeholder: 'default' },
  { key: 'lr', label: 'Learning rate', step: 'any', placeholder: 'default' },
  { key: 'prompts', label: 'New pairs', step: '1', placeholder: '100' },
  { key: 'crossPrompts', label: 'New vs previous', step: '1', placeholder: '50' },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];

interface Props {
  busy: boolean;
  error: string | null;
  onRun: (config: Record<string, unknown>) => void;
}

/**
 * "Run a loop round": queues a `loop` job (server/jobs/kinds/loop.ts). It retrains the reward model when enough new
 * labels arrived (or when asked), updates the active policy with the chosen algorithm, activates the new version
 * and queues its pairs for annotators. Empty fields keep the server's defaults.
 */
export function RunLoopRoundForm({ busy, error, onRun }: Props) {
  const [algorithm, setAlgorithm] = useState<Algorithm>('ppo');
  const [values, setValues] = useState<Record<FieldKey, string>>({ steps: '', lr: '', prompts: '', crossPrompts: '' });
  const [forceRm, setForceRm] = useState(false);
  const [gate, setGate] = useState(true);
  const [activate, setActivate] = useState(true);
  const chosen = ALGORITHMS.find((a) => a.value === algorithm) ?? ALGORITHMS[0];
  const applies = (key: FieldKey) => (key === 'steps' ? chosen.steps : key === 'lr' ? chosen.lr : true);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const number = (key: FieldKey) => (applies(key) && values[key].trim() !== '' ? Number(values[key]) : undefined);
    const policy = Object.fromEntries(Object.entries({ steps: number('steps'), lr: number('lr') }).filter(([, v]) => v !== undefined));
    const pairs = Object.fromEntries(Object.entries({ prompts: number('prompts'), crossPrompts: number('crossPrompts') }).filter(([, v]) => v !== undefined));
    onRun({
      algorithm,
      policy,
      pairs,
      ...(forceRm ? { forceRm: true } : {}),
      ...(gate ? {} : { rmGate: { minAccuracy: 0, z: 0 } }),
      ...(activate ? {} : { activate: false }),
    });
  };

  return (
    <form className="stack" onSubmit={submit} data-testid="loop-form">
      <div className="inline-form">
        <label className="field">
          <span>Algorithm</span>
          <select value={algorithm} onChange={(e) => setAlgorithm(e.target.value as Algorithm)} data-testid="loop-algorithm">
            {ALGORITHMS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <NumberFields
          fields={FIELDS}
          values={values}
          onValue={(key, value) => setValues((prev) => ({ ...prev, [key]: value }))}
          testIdPrefix="loop"
          disabled={(key) => !applies(key)}
        />
      </div>
      <div className="inline-form">
        <CheckboxField
          label="Retrain the reward model first"
          title="Otherwise the reward model is retrained only when enough new labels arrived (the retrain setting)"
          checked={forceRm}
          onChecked={setForceRm}
          testId="loop-force-rm"
        />
        <CheckboxField
          label="Only on a reward model better than chance"
          title="PPO, TRPO and best-of-n run only if the reward model's held-out accuracy is credibly above chance"
          checked={gate}
          onChecked={setGate}
          testId="loop-gate"
        />
        <CheckboxField label="Activate the new version" checked={activate} onChecked={setActivate} testId="loop-activate" />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="loop-run">
          {busy ? 'Starting…' : 'Run a loop round'}
        </button>
      </div>
      {error && (
        <p className="form-message tone-error" role="alert" data-testid="loop-error">
          {error}
        </p>
      )}
    </form>
  );
}
