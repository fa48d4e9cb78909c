/**
 * The stopping rule (src/nn/train/stopping.ts) on seeded synthetic validation curves: a loss that
 * still falls, L(t) = exp(−t/30), plus independent N(0, 0.01²) noise per epoch (the sampling noise
 * of a validation set of a few hundred simulations). Over patience 10 the true curve still drops by
 * 0.283·exp(−t/30); that exceeds five sd of the smoothed noise (α = 0.3: 0.01·√(0.3/1.7) = 0.0042)
 * until t ≈ 78, so stopping before t = 50 would be stopping on noise. The raw rule (best raw epoch +
 * patience) is run on the same curves for contrast.
 */
import { describe, expect, it } from 'vitest';
import { ConvergenceMonitor } from '../../src/nn/train/stopping.js';
import { LearningRateSchedule } from '../../src/nn/train/schedule.js';
import { seeded } from './helpers.js';

function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

function stopEpoch(m: ConvergenceMonitor, seed: number, noise = 0.01, curve = (t: number) => Math.exp(-t / 30)): number {
  const u = seeded(seed);
  for (let t = 0; t < 1000; t++) if (m.update(curve(t) + noise * gaussian(u)).stop) return t;
  return 1000;
}

describe('ConvergenceMonitor', () => {
  it('does not stop while the smoothed loss is still falling (20 seeds)', () => {
    const smoothed = Array.from({ length: 20 }, (_, s) => stopEpoch(new ConvergenceMonitor({ patience: 10 }), s + 1));
    const raw = Array.from({ length: 20 }, (_, s) => stopEpoch(new ConvergenceMonitor({ patience: 10, smoothing: 1, minImprovement: 0 }), s + 1));
    expect(Math.min(...smoothed)).toBeGreaterThanOrEqual(50);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(raw)).toBeLessThan(mean(smoothed));
  });

  it('stops once the loss is flat: within patience + the EMA lag of the plateau', () => {
    // Flat from epoch 0 at 1.0 with noise: progress only while the EMA settles.
    const t = stopEpoch(new ConvergenceMonitor({ patience: 10 }), 3, 0.01, () => 1);
    expect(t).toBeLessThan(40);
    expect(t).toBeGreaterThanOrEqual(10);
  });

  it('respects minEpochs and validates its options', () => {
    expect(stopEpoch(new ConvergenceMonitor({ patience: 5, minEpochs: 80 }), 3, 0.01, () => 1)).toBeGreaterThanOrEqual(79);
    expect(() => new ConvergenceMonitor({ smoothing: 0 })).toThrow(/smoothing must be in \(0, 1\]/);
    expect(() => new ConvergenceMonitor({ minImprovement: -1 })).toThrow(/minImprovement/);
  });

  it('the plateau schedule halves the rate after 5 stalled epochs, down to 1/64', () => {
    const s = new LearningRateSchedule(1, 100);
    let lr = s.rateFor(0);
    for (let e = 1; e < 200; e++) lr = s.rateFor(e, 1); // a loss that never improves
    expect(lr).toBe(1 / 64);
    expect(s.reductions).toBe(6);
  });
});
