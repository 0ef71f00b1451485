import { useEffect, useRef } from 'react';
import type { Pick } from '../../../shared/schemas/labels';

export interface AnnotateActions {
  choose: (pick: Pick) => void;
  rate: (strength: number) => void;
  submit: () => void;
  skip: () => void;
  toggleHelp: () => void;
  toggleDiff: () => void;
  toggleGuidelines: () => void;
  closeOverlays: () => void;
}

/** The keyboard map, shown as-is in the help overlay and on the buttons. */
export const PICK_KEYS: Record<string, Pick> = { '1': 'left', '2': 'right', '3': 'tie', '4': 'both_bad' };
export const STRENGTH_KEYS = ['q', 'w', 'e', 'r'] as const;

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
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          act.submit();
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (event.key === 'Enter' && isOwnEnterTarget(event.target)) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const strength = (STRENGTH_KEYS as readonly string[]).indexOf(key);
      if (key in PICK_KEYS) act.choose(PICK_KEYS[key]);
      else if (strength >= 0) act.rate(strength);
      else if (key === 'Enter') act.submit();
      else if (key === 's') act.skip();
      else if (key === 'd') act.toggleDiff();
      else if (key === 'g') act.toggleGuidelines();
      else if (key === '?') act.toggleHelp();
      else if (key === 'Escape') act.closeOverlays();
      else return;
      // Also stops Enter on a focused choice button from clicking it as well as submitting.
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
