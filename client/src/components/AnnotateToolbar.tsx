import type { MyProgress } from '../../../shared/schemas/queue';
import { ACTION_KEYS, keyLabel } from '../keymap';
import { Kbd } from './Kbd';

const G = keyLabel(ACTION_KEYS.toggleGuidelines.key);
const D = keyLabel(ACTION_KEYS.toggleDiff.key);
const HELP = keyLabel(ACTION_KEYS.toggleHelp.key);

interface Props {
  progress: MyProgress | null;
  guidelinesOpen: boolean;
  onToggleGuidelines: () => void;
  showDiff: boolean;
  onToggleDiff: () => void;
  onShowHelp: () => void;
}

/** Above the pair: the annotator's progress and the view toggles. */
export function AnnotateToolbar({
  progress,
  guidelinesOpen,
  onToggleGuidelines,
  showDiff,
  onToggleDiff,
  onShowHelp,
}: Props) {
  return (
    <div className="toolbar">
      <p className="progress" data-testid="my-progress" aria-live="polite">
        <strong data-testid="my-labeled">{progress?.labeled ?? '–'}</strong> labelled
        {progress && progress.available > 0 && <span className="muted"> · {progress.available} waiting</span>}
      </p>
      <div className="toolbar-actions">
        <a href="#/annotate/mine" className="btn btn-quiet" data-testid="my-labels-link">
          My labels
        </a>
        <button
          type="button"
          className={`btn btn-quiet${guidelinesOpen ? ' active' : ''}`}
          aria-expanded={guidelinesOpen}
          aria-controls="guidelines"
          onClick={onToggleGuidelines}
          aria-label={`Guidelines (key ${G})`}
          data-testid="toggle-guidelines"
        >
          Guidelines <Kbd>{G}</Kbd>
        </button>
        <button
          type="button"
          className={`btn btn-quiet${showDiff ? ' active' : ''}`}
          aria-pressed={showDiff}
          onClick={onToggleDiff}
          aria-label={`Toggle word diff (key ${D})`}
          data-testid="toggle-diff"
        >
          Word diff <Kbd>{D}</Kbd>
        </button>
        <button type="button" className="btn btn-quiet" onClick={onShowHelp} aria-label={`Keyboard shortcuts (key ${HELP})`}>
          Shortcuts <Kbd>{HELP}</Kbd>
        </button>
      </div>
    </div>
  );
}
