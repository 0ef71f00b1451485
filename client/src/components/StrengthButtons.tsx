import { STRENGTH_LABELS } from '../../../shared/schemas/labels';
import { keyLabel, STRENGTH_KEYS } from '../keymap';
import { Kbd } from './Kbd';

interface Props {
  strength: number | null;
  onRate: (strength: number) => void;
  /** tie and both-bad have no strength */
  disabled: boolean;
}

/** How much better, on the Llama 2 scale: negligibly / slightly / better / significantly better. */
export function StrengthButtons({ strength, onRate, disabled }: Props) {
  return (
    <fieldset className={`strength-group${disabled ? ' is-disabled' : ''}`} data-enter-submits>
      <legend className="sr-only">How much better?</legend>
      {STRENGTH_LABELS.map((label, value) => (
        <button
          key={label}
          type="button"
          aria-pressed={strength === value}
          aria-label={`${label} (key ${keyLabel(STRENGTH_KEYS[value].key)})`}
          className={`strength${strength === value ? ' selected' : ''}`}
          onClick={() => onRate(value)}
          disabled={disabled}
          data-testid={`strength-${value}`}
        >
          <Kbd>{keyLabel(STRENGTH_KEYS[value].key)}</Kbd>
          <span>{label}</span>
        </button>
      ))}
    </fieldset>
  );
}
