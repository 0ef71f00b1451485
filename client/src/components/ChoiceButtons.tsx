import type { Pick } from '../../../shared/schemas/labels';
import { Kbd } from './Kbd';

export const CHOICE_OPTIONS: { pick: Pick; key: string; label: string; hint: string }[] = [
  { pick: 'left', key: '1', label: 'A is better', hint: 'Response A (left) is better' },
  { pick: 'right', key: '2', label: 'B is better', hint: 'Response B (right) is better' },
  { pick: 'tie', key: '3', label: 'Tie', hint: 'Both are about equally good' },
  { pick: 'both_bad', key: '4', label: 'Both bad', hint: 'Neither response is acceptable' },
];

/** Which answer is better: a radio group of four buttons, keys 1–4. */
export function ChoiceButtons({
  pick,
  onChoose,
  disabled,
}: {
  pick: Pick | null;
  onChoose: (p: Pick) => void;
  disabled: boolean;
}) {
  return (
    <fieldset className="choice-group" data-enter-submits>
      <legend className="sr-only">Which response is better?</legend>
      {CHOICE_OPTIONS.map((option) => (
        <button
          key={option.pick}
          type="button"
          aria-pressed={pick === option.pick}
          aria-label={`${option.hint} (key ${option.key})`}
          className={`choice choice-${option.pick}${pick === option.pick ? ' selected' : ''}`}
          onClick={() => onChoose(option.pick)}
          disabled={disabled}
          data-testid={`choice-${option.pick}`}
        >
          <Kbd>{option.key}</Kbd>
          <span>{option.label}</span>
        </button>
      ))}
    </fieldset>
  );
}
