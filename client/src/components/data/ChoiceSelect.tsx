import { CHOICES, type Choice } from '../../../../shared/schemas/labels';

/** A labelled select of the four choices (a / b / tie / both_bad): a gold pair's expected answer. */
export function ChoiceSelect({ label, value, onChange, testId }: { label: string; value: Choice; onChange: (choice: Choice) => void; testId: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Choice)} data-testid={testId}>
        {CHOICES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
