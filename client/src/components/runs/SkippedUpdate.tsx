/**
 * A loop round that did not update the policy says why in its result's `skipped` (e.g. the reward model did not
 * clear the accuracy gate); the Run page shows it above the raw result. Nothing when the round was asked not to
 * update, or when the result has no such reason.
 */
export function SkippedUpdate({ result }: { result: unknown }) {
  const skipped = result && typeof result === 'object' && 'skipped' in result ? (result as { skipped: unknown }).skipped : null;
  if (typeof skipped !== 'string' || skipped === 'no policy update asked') return null;
  return (
    <p className="form-message tone-warn" role="status" data-testid="run-skipped">
      Policy update skipped: {skipped}
    </p>
  );
}
