import type { Pick } from '../../../shared/schemas/labels';
import { keyLabel, PICK_KEYS } from '../keymap';
import { Kbd } from './Kbd';

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
      {PICK_KEYS.map((option) => (
        <button
          key={option.pick}
          type="button"
          aria-pressed={pick === option.pick}
          aria-label={`${option.hint} (key ${keyLabel(option.key)})`}
          className={`choice choice-${option.pick}${pick === option.pick ? ' selected' : ''}`}
          onClick={() => onChoose(option.pick)}
          disabled={disabled}
          data-testid={`choice-${option.pick}`}
        >
          <Kbd>{keyLabel(option.key)}</Kbd>
          <span>{option.label}</span>
        </button>
      ))}
    </fieldset>
  );
}
