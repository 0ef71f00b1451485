import type { DiffSide } from './WordDiff';
import { WordDiff } from './WordDiff';
import { SafeMarkdown } from './SafeMarkdown';

interface Props {
  side: DiffSide;
  text: string;
  otherText: string;
  showDiff: boolean;
  /** this side was picked as better (or both are marked, for tie / both bad) */
  marked: 'better' | 'tie' | 'bad' | null;
}

const SIDE_NAMES = { left: 'A', right: 'B' } as const;
const MARK_TEXT = { better: 'Better', tie: 'Tie', bad: 'Bad' } as const;

/** One response, titled A (left) or B (right) as the annotator sees it. */
export function ResponsePanel({ side, text, otherText, showDiff, marked }: Props) {
  const name = SIDE_NAMES[side];
  const [left, right] = side === 'left' ? [text, otherText] : [otherText, text];
  return (
    <section
      className={`card response${marked ? ` response-${marked}` : ''}`}
      aria-label={`Response ${name}`}
      data-testid={`response-${side}`}
    >
      <header className="response-head">
        <span className="side-badge" aria-hidden="true">
          {name}
        </span>
        <h2>Response {name}</h2>
        {marked && <span className={`mark mark-${marked}`}>{MARK_TEXT[marked]}</span>}
      </header>
      <div className="response-body">
        {showDiff ? <WordDiff left={left} right={right} side={side} /> : <SafeMarkdown text={text} />}
      </div>
    </section>
  );
}
