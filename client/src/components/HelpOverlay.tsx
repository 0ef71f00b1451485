import { useEffect, useRef } from 'react';
import { ACTION_KEYS, keyLabel, PICK_KEYS, STRENGTH_KEYS, SUBMIT_WHILE_TYPING } from '../keymap';
import { Kbd } from './Kbd';

type Shortcut = [keys: string[], what: string];

const row = ({ key, help }: { key: string; help: string }): Shortcut => [[keyLabel(key)], help];

/** client/src/keymap.ts, grouped */
const GROUPS: [title: string, shortcuts: Shortcut[]][] = [
  ['Which is better', PICK_KEYS.map(row)],
  ['How much better', STRENGTH_KEYS.map(row)],
  [
    'Actions',
    [row(ACTION_KEYS.submit), [SUBMIT_WHILE_TYPING.keys, SUBMIT_WHILE_TYPING.help], row(ACTION_KEYS.skip), row(ACTION_KEYS.closeOverlays)],
  ],
  ['View', [row(ACTION_KEYS.toggleDiff), row(ACTION_KEYS.toggleGuidelines), row(ACTION_KEYS.toggleHelp)]],
];

/**
 * The keyboard map, in a native modal <dialog>: the browser traps focus, shows the backdrop and closes it
 * on Esc; a click on the backdrop (outside the panel) closes it too.
 */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // No close() on cleanup: unmounting removes the dialog from the top layer, and a close() here would fire
  // a late `close` event that shuts the next instance (React's dev double-mount).
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Esc closes a modal dialog natively; the click is for the backdrop
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="help-title"
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && onClose()}
      data-testid="help-overlay"
    >
      <div className="dialog-body">
        <header className="dialog-head">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button type="button" className="btn btn-quiet btn-small" onClick={onClose} aria-label="Close help">
            Close <Kbd>{keyLabel(ACTION_KEYS.closeOverlays.key)}</Kbd>
          </button>
        </header>
        <div className="shortcut-groups">
          {GROUPS.map(([title, shortcuts]) => (
            <section key={title}>
              <h3 className="section-label">{title}</h3>
              <dl className="shortcut-list">
                {shortcuts.map(([keys, what]) => (
                  <div key={what} className="shortcut">
                    <dt>
                      {keys.map((k) => (
                        <Kbd key={k}>{k}</Kbd>
                      ))}
                    </dt>
                    <dd>{what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted small">
          A preference (1 or 2) also needs a strength before Enter submits. Keys typed in the rationale box are text.
        </p>
      </div>
    </dialog>
  );
}
