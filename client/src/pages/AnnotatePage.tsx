import { useState } from 'react';
import { AnnotateToolbar } from '../components/AnnotateToolbar';
import { DecisionBar } from '../components/DecisionBar';
import { EmptyQueue } from '../components/EmptyQueue';
import { GuidelinesPanel } from '../components/GuidelinesPanel';
import { HelpOverlay } from '../components/HelpOverlay';
import { PairView } from '../components/PairView';
import { useAnnotateShortcuts } from '../hooks/useAnnotateShortcuts';
import { useAnnotator } from '../hooks/useAnnotator';
import { useGuidelines } from '../hooks/useGuidelines';

/** The annotate page: one pair at a time, keyboard first. */
export function AnnotatePage() {
  const { buffer, pair, draft, sender, progress, notice, submit, skip } = useAnnotator();
  const guidelines = useGuidelines();
  const [helpOpen, setHelpOpen] = useState(false);
  const [showDiff, setShowDiff] = useState(false);
  const [guidelinesOpen, setGuidelinesOpen] = useState(false);

  useAnnotateShortcuts(
    {
      choose: draft.choose,
      rate: draft.rate,
      submit: () => void submit(),
      skip: () => void skip(),
      toggleHelp: () => setHelpOpen((open) => !open),
      toggleDiff: () => setShowDiff((on) => !on),
      toggleGuidelines: () => setGuidelinesOpen((open) => !open),
      closeOverlays: () => setHelpOpen(false),
    },
    true,
  );

  return (
    <main className="page annotate" data-testid="annotate-page">
      <AnnotateToolbar
        progress={progress}
        guidelinesOpen={guidelinesOpen}
        onToggleGuidelines={() => setGuidelinesOpen((open) => !open)}
        showDiff={showDiff}
        onToggleDiff={() => setShowDiff((on) => !on)}
        onShowHelp={() => setHelpOpen(true)}
      />
      {guidelinesOpen && <GuidelinesPanel markdown={guidelines.markdown} />}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {buffer.state === 'loading' && !pair && <p className="muted loading">Loading the next pair…</p>}
      {buffer.state === 'empty' && <EmptyQueue error={buffer.error} />}
      {pair && (
        <>
          <PairView view={pair.view} pick={draft.pick} showDiff={showDiff} />
          <DecisionBar
            draft={draft}
            phase={sender.phase}
            attempt={sender.attempt}
            error={sender.error}
            onSubmit={() => void submit()}
            onSkip={() => void skip()}
          />
        </>
      )}
      {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
    </main>
  );
}
