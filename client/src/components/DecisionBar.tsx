import type { useLabelDraft } from '../hooks/useLabelDraft';
import { isPreference } from '../hooks/useLabelDraft';
import type { SubmitPhase } from '../hooks/useLabelSubmit';
import { ACTION_KEYS, keyLabel } from '../keymap';
import { ChoiceButtons } from './ChoiceButtons';
import { Kbd } from './Kbd';
import { StrengthButtons } from './StrengthButtons';
import { SubmitStatus } from './SubmitStatus';

const SKIP = keyLabel(ACTION_KEYS.skip.key);
const SUBMIT = keyLabel(ACTION_KEYS.submit.key);

interface Props {
  draft: ReturnType<typeof useLabelDraft>;
  phase: SubmitPhase;
  attempt: number;
  error: string | null;
  onSubmit: () => void;
  onSkip: () => void;
}

/** The answer, kept compact so the responses keep the screen: choice, strength, rationale, submit or skip. */
export function DecisionBar({ draft, phase, attempt, error, onSubmit, onSkip }: Props) {
  const sending = phase !== 'idle';
  const needsStrength = isPreference(draft.pick) && draft.strength === null;
  const noStrength = draft.pick !== null && !isPreference(draft.pick);
  return (
    <section className="decision card" aria-label="Your judgement" data-testid="decision-bar">
      <div className="decision-row">
        <ChoiceButtons pick={draft.pick} onChoose={draft.choose} disabled={sending} />
        <span className="divider" aria-hidden="true" />
        <StrengthButtons
          strength={noStrength ? null : draft.strength}
          onRate={draft.rate}
          disabled={sending || noStrength}
        />
      </div>
      <div className="decision-row">
        <textarea
          className="rationale"
          aria-label="Rationale (optional)"
          value={draft.rationale}
          onChange={(e) => draft.setRationale(e.target.value)}
          placeholder="Rationale (optional) — shortcuts are off while typing; Esc leaves, Ctrl+Enter submits"
          rows={1}
          maxLength={5000}
          disabled={sending}
          data-testid="rationale"
        />
        <SubmitStatus phase={phase} attempt={attempt} error={error} needsStrength={needsStrength} />
        <button
          type="button"
          className="btn btn-quiet"
          onClick={onSkip}
          disabled={sending}
          aria-label={`Skip this pair (key ${SKIP})`}
          data-testid="skip"
        >
          Skip <Kbd>{SKIP}</Kbd>
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={onSubmit}
          disabled={!draft.complete || sending}
          aria-label={`Submit label (${SUBMIT})`}
          data-testid="submit"
        >
          {sending ? 'Saving…' : 'Submit'} <Kbd>{SUBMIT}</Kbd>
        </button>
      </div>
    </section>
  );
}
