/**
 * The annotate page's keyboard map, the one place a key is bound: useAnnotateShortcuts dispatches from it, the
 * buttons show its keys and the help overlay lists it. Keys are KeyboardEvent.key values, letters lower-case.
 */
import type { Pick } from '../../shared/schemas/labels';

export interface PickKey {
  key: string;
  pick: Pick;
  /** on the button */
  label: string;
  /** in the help overlay */
  help: string;
  /** the button's accessible name */
  hint: string;
}

export const PICK_KEYS: readonly PickKey[] = [
  { key: '1', pick: 'left', label: 'A is better', help: 'A (left) is better', hint: 'Response A (left) is better' },
  { key: '2', pick: 'right', label: 'B is better', help: 'B (right) is better', hint: 'Response B (right) is better' },
  { key: '3', pick: 'tie', label: 'Tie', help: 'Tie', hint: 'Both are about equally good' },
  { key: '4', pick: 'both_bad', label: 'Both bad', help: 'Both bad', hint: 'Neither response is acceptable' },
];

/** index = strength (0 negligibly … 3 significantly better; labels in shared/schemas/labels.ts) */
export const STRENGTH_KEYS: readonly { key: string; help: string }[] = [
  { key: 'q', help: 'Negligibly better / unsure' },
  { key: 'w', help: 'Slightly better' },
  { key: 'e', help: 'Better' },
  { key: 'r', help: 'Significantly better' },
];

export type AnnotateAction = 'submit' | 'skip' | 'closeOverlays' | 'toggleDiff' | 'toggleGuidelines' | 'toggleHelp';

export const ACTION_KEYS: Readonly<Record<AnnotateAction, { key: string; help: string }>> = {
  submit: { key: 'Enter', help: 'Submit' },
  skip: { key: 's', help: 'Skip this pair' },
  closeOverlays: { key: 'Escape', help: 'Close / leave a text box' },
  toggleDiff: { key: 'd', help: 'Word diff on / off' },
  toggleGuidelines: { key: 'g', help: 'Guidelines on / off' },
  toggleHelp: { key: '?', help: 'This help' },
};

/** Inside a text field only this submits (with Ctrl or ⌘); Esc leaves the field. */
export const SUBMIT_WHILE_TYPING = { keys: ['Ctrl', 'Enter'], help: 'Submit while typing' };

/** What a key event means on the annotate page, or undefined when the key is not bound. */
export type KeyCommand = { pick: Pick } | { strength: number } | { action: AnnotateAction };

export function commandFor(key: string): KeyCommand | undefined {
  const k = key.length === 1 ? key.toLowerCase() : key;
  const pick = PICK_KEYS.find((p) => p.key === k);
  if (pick) return { pick: pick.pick };
  const strength = STRENGTH_KEYS.findIndex((s) => s.key === k);
  if (strength >= 0) return { strength };
  const action = (Object.keys(ACTION_KEYS) as AnnotateAction[]).find((a) => ACTION_KEYS[a].key === k);
  return action && { action };
}

/** How a key is written on a button or in the help: 'q' → 'Q', 'Escape' → 'Esc'. */
export const keyLabel = (key: string): string => (key === 'Escape' ? 'Esc' : key.length === 1 ? key.toUpperCase() : key);
