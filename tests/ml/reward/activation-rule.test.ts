// The rules that decide whether a reward model replaces the active one and whether it may drive a policy update.
import { describe, expect, it } from 'vitest';
import { clearsGate, notWorse, RM_GATE_DEFAULTS } from '../../../server/ml/reward/activation-rule';

describe('notWorse', () => {
  it('lets a candidate replace a model only when its accuracy is at least as high', () => {
    expect(notWorse({ candidate: 0.6, active: 0.6 })).toBe(true);
    expect(notWorse({ candidate: 0.59, active: 0.6 })).toBe(false);
    expect(notWorse({ candidate: null, active: 0.6 })).toBe(false);
    expect(notWorse({ candidate: null, active: null })).toBe(true);
  });
});

describe('clearsGate', () => {
  it('asks the accuracy to clear chance by one coin standard error by default (0.5/√n)', () => {
    // 33 pairs: 0.5 + 0.5/√33 = 0.587
    expect(clearsGate(20 / 33, 33)).toBe(true); // 60.6 %
    expect(clearsGate(19 / 33, 33)).toBe(false); // 57.6 %
    // 100 pairs: 0.55
    expect(clearsGate(0.56, 100)).toBe(true);
    expect(clearsGate(0.55, 100)).toBe(false);
    expect(clearsGate(0.394, 33)).toBe(false); // the loop's round-1 reward model in bench:loop
  });

  it('takes its threshold and width from the gate, and never passes without pairs', () => {
    expect(clearsGate(0.51, 4, { minAccuracy: 0.5, z: 0 })).toBe(true);
    expect(clearsGate(0.99, 10_000, { minAccuracy: 1, z: 0 })).toBe(false);
    expect(clearsGate(1, 0, RM_GATE_DEFAULTS)).toBe(false);
  });
});
