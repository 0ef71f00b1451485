import { describe, expect, it } from 'vitest';
import { cosineSchedule, linearSchedule } from '../../../server/ml/train/schedule';

describe('lr schedules', () => {
  const opts = { peakLr: 1, totalSteps: 10, warmupSteps: 2, minLr: 0 };

  it('cosine: linear warmup, half-cosine decay, then holds minLr', () => {
    const lr = cosineSchedule(opts);
    expect(lr(0)).toBeCloseTo(0.5);
    expect(lr(1)).toBeCloseTo(1);
    expect(lr(2)).toBeCloseTo(1); // decay starts at the peak
    expect(lr(6)).toBeCloseTo(0.5); // halfway: (1 + cos(π/2)) / 2
    expect(lr(4)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)));
    expect(lr(10)).toBeCloseTo(0);
    expect(lr(50)).toBeCloseTo(0);
  });

  it('linear: decays in a straight line to minLr', () => {
    const lr = linearSchedule({ ...opts, minLr: 0.2 });
    expect(lr(0)).toBeCloseTo(0.5);
    expect(lr(4)).toBeCloseTo(1 - 0.8 * 0.25);
    expect(lr(6)).toBeCloseTo(0.6);
    expect(lr(10)).toBeCloseTo(0.2);
  });

  it('no warmup starts at the peak', () => {
    expect(cosineSchedule({ peakLr: 3e-4, totalSteps: 100 })(0)).toBeCloseTo(3e-4);
  });
});
