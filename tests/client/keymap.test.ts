import { describe, expect, it } from 'vitest';
import { ACTION_KEYS, type AnnotateAction, commandFor, keyLabel, PICK_KEYS, STRENGTH_KEYS } from '../../client/src/keymap';
import { PICKS, STRENGTH_LABELS } from '../../shared/schemas/labels';

describe('the annotate keyboard map', () => {
  const bound = [...PICK_KEYS.map((p) => p.key), ...STRENGTH_KEYS.map((s) => s.key), ...Object.values(ACTION_KEYS).map((a) => a.key)];

  it('binds each key once, and every pick and strength to a key', () => {
    expect(new Set(bound).size).toBe(bound.length);
    expect(PICK_KEYS.map((p) => p.pick).sort()).toEqual([...PICKS].sort());
    expect(STRENGTH_KEYS).toHaveLength(STRENGTH_LABELS.length);
  });

  it('turns each bound key (either case) into its command, and nothing else into one', () => {
    for (const { key, pick } of PICK_KEYS) expect(commandFor(key)).toEqual({ pick });
    STRENGTH_KEYS.forEach(({ key }, strength) => {
      expect(commandFor(key)).toEqual({ strength });
      expect(commandFor(key.toUpperCase())).toEqual({ strength });
    });
    for (const action of Object.keys(ACTION_KEYS) as AnnotateAction[]) expect(commandFor(ACTION_KEYS[action].key)).toEqual({ action });
    for (const key of ['x', '5', 'Tab', 'ArrowLeft', ' ']) expect(commandFor(key)).toBeUndefined();
  });

  it('writes keys as the buttons and the help show them', () => {
    expect(keyLabel('q')).toBe('Q');
    expect(keyLabel('Escape')).toBe('Esc');
    expect(keyLabel('Enter')).toBe('Enter');
    expect(keyLabel('?')).toBe('?');
  });
});
