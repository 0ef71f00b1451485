import type { ImportResult } from '../../../../shared/schemas/imports';

/** What the last import did, in one line. */
export function ImportResultLine({ result, error }: { result: ImportResult | null; error: string | null }) {
  if (error) {
    return (
      <p className="form-message tone-error" role="alert" data-testid="import-error">
        {error}
      </p>
    );
  }
  if (!result) return null;
  return (
    <p className="form-message tone-ok" role="status" data-testid="import-result">
      Read {result.rows} rows: {result.prompts} new prompts, {result.responses} new responses, {result.comparisons} new
      comparisons{result.duplicates > 0 ? `, ${result.duplicates} duplicates skipped` : ''}.
    </p>
  );
}
