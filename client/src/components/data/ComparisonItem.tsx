import type { DataComparison, GoldPairEdit } from '../../../../shared/schemas/data';
import { GoldAnswerEditor } from './GoldAnswerEditor';
import { LabelsTable } from './LabelsTable';

interface Props {
  c: DataComparison;
  busy: boolean;
  onRetire: (id: number) => void;
  onEditGold: (id: number, edit: GoldPairEdit) => void;
}

/** One comparison: prompt and both responses (model text as plain text, never HTML), its labels, its actions. */
export function ComparisonItem({ c, busy, onRetire, onEditGold }: Props) {
  return (
    <article className="card admin-section stack" data-testid="data-comparison" data-comparison-id={c.id}>
      <header className="section-head">
        <h3>
          #{c.id} · {c.kind}
          {c.goldAnswer && ` (answer ${c.goldAnswer})`} · {c.status} · {c.labelCount}/{c.overlapTarget} labels
        </h3>
        {c.status !== 'retired' && (
          <button
            type="button"
            className="btn btn-quiet btn-small"
            disabled={busy}
            onClick={() => onRetire(c.id)}
            aria-label={`Retire comparison ${c.id}`}
            data-testid="data-retire"
          >
            Retire
          </button>
        )}
      </header>
      <div>
        <span className="section-label">Prompt</span>
        <pre className="json" data-testid="data-prompt">
          {c.promptText}
        </pre>
      </div>
      <div className="admin-grid admin-grid-even">
        {(['responseA', 'responseB'] as const).map((side) => (
          <div key={side}>
            <span className="section-label">
              {side === 'responseA' ? 'A' : 'B'} · {c[side].model}
            </span>
            <pre className="json">{c[side].text}</pre>
          </div>
        ))}
      </div>
      <LabelsTable labels={c.labels} />
      {c.kind === 'gold' && c.goldAnswer && <GoldAnswerEditor current={c.goldAnswer} busy={busy} onSave={(answer) => onEditGold(c.id, { answer })} />}
    </article>
  );
}
