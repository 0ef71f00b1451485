// Raw labels, one JSON object per label: every annotator's, ties and both-bad included, with timing, strength
// and the order the pair was shown in. Choice is relative to response_a / response_b (already un-swapped).
import { jsonLine, type LabelFormat } from './format';
import type { ExportLabel } from './rows';

/** The columns of a raw label, in file order (labels-csv writes the same ones). */
export function labelRecord(l: ExportLabel) {
  return {
    label_id: l.labelId,
    comparison_id: l.comparisonId,
    kind: l.kind,
    prompt: l.promptText,
    prompt_messages: typeof l.prompt === 'string' ? null : l.prompt,
    response_a: l.responseA,
    model_a: l.modelA,
    response_b: l.responseB,
    model_b: l.modelB,
    annotator: l.annotator,
    choice: l.choice,
    strength: l.strength,
    shown_order: l.shownOrder,
    time_ms: l.timeMs,
    created_at: l.createdAt,
  };
}

export const LABEL_COLUMNS = Object.keys(labelRecord({ prompt: '' } as ExportLabel)) as (keyof ReturnType<typeof labelRecord>)[];

export const labelsJsonl: LabelFormat = { rows: 'labels', contentType: 'application/x-ndjson', extension: 'jsonl', line: (l) => jsonLine(labelRecord(l)) };
