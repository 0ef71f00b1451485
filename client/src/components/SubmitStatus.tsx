import type { SubmitPhase } from '../hooks/useLabelSubmit';

interface Props {
  phase: SubmitPhase;
  attempt: number;
  error: string | null;
  needsStrength: boolean;
}

/** One quiet line beside the submit button: what is missing, what is happening, or what went wrong. */
export function SubmitStatus({ phase, attempt, error, needsStrength }: Props) {
  let text = '';
  let tone = 'muted';
  if (phase === 'retrying') {
    text = `Connection lost — retrying (attempt ${attempt}). Your label is kept and will be saved once.`;
    tone = 'warn';
  } else if (phase === 'saving') {
    text = 'Saving…';
  } else if (error) {
    text = `Not saved: ${error}`;
    tone = 'error';
  } else if (needsStrength) {
    text = 'How much better? Press Q, W, E or R.';
  }
  return (
    <p className={`submit-status tone-${tone}`} role="status" aria-live="polite" data-testid="submit-status">
      {text}
    </p>
  );
}
