import type { Pick } from '../../../shared/schemas/labels';
import type { AssignmentView } from '../../../shared/schemas/queue';
import { PromptView } from './PromptView';
import { ResponsePanel } from './ResponsePanel';

type Mark = 'better' | 'tie' | 'bad' | null;

function marksFor(pick: Pick | null): [Mark, Mark] {
  if (pick === 'left') return ['better', null];
  if (pick === 'right') return [null, 'better'];
  if (pick === 'tie') return ['tie', 'tie'];
  if (pick === 'both_bad') return ['bad', 'bad'];
  return [null, null];
}

/** The prompt, then the two responses side by side (stacked on narrow screens). */
export function PairView({ view, pick, showDiff }: { view: AssignmentView; pick: Pick | null; showDiff: boolean }) {
  const [leftMark, rightMark] = marksFor(pick);
  return (
    <div className="pair" data-testid="pair" data-assignment-id={view.assignmentId}>
      <PromptView prompt={view.prompt} />
      <div className="responses">
        <ResponsePanel
          side="left"
          text={view.left.text}
          otherText={view.right.text}
          showDiff={showDiff}
          marked={leftMark}
        />
        <ResponsePanel
          side="right"
          text={view.right.text}
          otherText={view.left.text}
          showDiff={showDiff}
          marked={rightMark}
        />
      </div>
    </div>
  );
}
