import { useEffect, useRef } from 'react';
import type { Pick } from '../../../shared/schemas/labels';
import { ACTION_KEYS, type AnnotateAction, commandFor } from '../keymap';

/** What the keys of client/src/keymap.ts do. */
export type AnnotateActions = Record<AnnotateAction, () => void> & {
  choose: (pick: Pick) => void;
  rate: (strength: number) => void;
};

/** Enter on a focused control activates it, except on the choice and strength buttons (they submit). */
const isOwnEnterTarget = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  target.closest('button, a, summary, [role="button"]') !== null &&
  target.closest('[data-enter-submits]') === null;

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Window-level shortcuts for the annotate page. Keys typed into a text field stay text. */
export function useAnnotateShortcuts(actions: AnnotateActions, enabled: boolean): void {
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const act = latest.current;
      if (isTextField(event.target)) {
        // Inside the rationale: Esc leaves the field, Ctrl/⌘+Enter submits; everything else is typing.
        if (event.key === ACTION_KEYS.closeOverlays.key) (event.target as HTMLElement).blur();
        if (event.key === ACTION_KEYS.submit.key && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          act.submit();
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (event.key === ACTION_KEYS.submit.key && isOwnEnterTarget(event.target)) return;
      const command = commandFor(event.key);
      if (!command) return;
      if ('pick' in command) act.choose(command.pick);
      else if ('strength' in command) act.rate(command.strength);
      else act[command.action]();
      // Also stops Enter on a focused choice button from clicking it as well as submitting.
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
