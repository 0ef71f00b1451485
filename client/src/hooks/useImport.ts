import { useCallback, useState } from 'react';
import type { ImportResult } from '../../../shared/schemas/imports';
import { PROMPT_FORMATS, RESPONSE_FORMATS } from '../../../shared/schemas/imports';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';

export type ImportKind = 'prompts' | 'responses';
export type ImportFormat = (typeof PROMPT_FORMATS)[number] | (typeof RESPONSE_FORMATS)[number];

export interface ImportForm {
  kind: ImportKind;
  format: ImportFormat;
  content: string;
  /** responses: the model that wrote them */
  model: string;
  /** responses: pair them at once with other models' answers to the same prompts */
  buildComparisons: boolean;
}

export const formatsFor = (kind: ImportKind): readonly ImportFormat[] =>
  kind === 'prompts' ? PROMPT_FORMATS : RESPONSE_FORMATS;

/** Guess the format from a file name: .json is an AlpacaFarm array, .txt one prompt per line. */
export function formatFromFileName(kind: ImportKind, fileName: string): ImportFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const guess: Record<string, ImportFormat> = { json: 'alpacafarm', jsonl: 'jsonl', csv: 'csv', txt: 'lines' };
  const format = guess[ext];
  return format && formatsFor(kind).includes(format) ? format : null;
}

/** Send one import to the server and keep its result (rows read, new prompts, responses, comparisons). */
export function useImport() {
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async (form: ImportForm) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const outcome =
        form.kind === 'prompts'
          ? await api.importPrompts({ format: form.format as (typeof PROMPT_FORMATS)[number], content: form.content })
          : await api.importResponses({
              format: form.format as (typeof RESPONSE_FORMATS)[number],
              content: form.content,
              model: form.model.trim(),
              buildComparisons: form.buildComparisons,
            });
      setResult(outcome);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { run, result, error, busy };
}
