/**
 * Out-of-distribution warnings (src/backends/amortized/ood.ts), small budgets, fixed seeds.
 *
 * The threshold is the ⌈(n + 1)(1 − α)⌉ = k-th smallest distance of n fresh prior-predictive
 * simulations. A new prior-predictive data set exceeds it with probability p = 1 − F(d_(k)), and
 * F(d_(k)) ~ Beta(k, n + 1 − k), so p ~ Beta(n + 1 − k, k) (mean ≤ α) and the number of alarms
 * among m new data sets is Beta-Binomial(m, n + 1 − k, k). The tests allow the count whose upper
 * tail under that law is below 1e-3 (for n = 2,000, α = 0.001, m = 200: at most 3 alarms; the
 * expected number is 0.2). The training quality is irrelevant to the reference (it describes the
 * encoded training data), so the networks train for 2–3 epochs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infer } from '../../src/backends/infer.js';
import { model } from '../../src/lang/dsl.js';
import { InferenceError } from '../../src/lang/errors.js';
import { createRng } from '../../src/runtime/rng.js';
import { lbeta, lchoose } from '../../src/runtime/special.js';
import { npe, loadNpe, type Npe } from '../../src/backends/npe/index.js';
import type { OodReference } from '../../src/backends/amortized/index.js';
import { normalNormal } from './models.js';

const dir = mkdtempSync(join(tmpdir(), 'amortize-ood-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Largest alarm count c with P(X > c) ≥ 1e-3 exceeded no more: smallest c with P(X > c) < 1e-3, X ~ BetaBinomial(m, n+1−k, k). */
function alarmBound(ref: OodReference, m: number): number {
  const n = ref.references;
  const k = Math.min(n, Math.ceil((n + 1) * (1 - ref.alpha)));
  const a = n + 1 - k, b = k;
  const pmf = (x: number) => Math.exp(lchoose(m, x) + lbeta(x + a, m - x + b) - lbeta(a, b));
  let cdf = 0;
  for (let c = 0; c <= m; c++) {
    cdf += pmf(c);
    if (1 - cdf < 1e-3) return c;
  }
  return m;
}

/** m prior-predictive data sets (flat) from a seed of their own. */
function priorPredictive(m: ReturnType<typeof normalNormal.compile>, count: number, seed: number): Float64Array[] {
  const s = m.simulate(count, createRng(seed));
  return Array.from({ length: count }, (_, i) => s.x.slice(i * m.dataDim, (i + 1) * m.dataDim));
}

const isOod = (w: string) => /is outside what this npe estimator was trained on/.test(w);

describe('OOD on normal-normal (identity encoder: standardised data, full Mahalanobis)', () => {
  const nn = normalNormal.compile({});
  let est: Npe;
  beforeAll(async () => {
    est = await npe({ simulations: 2000, epochs: 2, density: 'diag-gaussian', draws: 200 }).train(normalNormal, { seed: 3 });
  }, 60_000);

  it('stores a compact reference with a conformal threshold', () => {
    const ref = est.ood!;
    expect(ref).toMatchObject({ space: 'encoded', dim: 5, metric: 'mahalanobis', references: 2000, alpha: 0.001, trainingRows: 2000 });
    expect(ref.cholesky).toHaveLength(15);
    // d² of a 5-dim Gaussian is χ²₅: its 99.9% point is 20.5, so d ≈ 4.5 (the ridge shrinks it a little).
    expect(ref.threshold).toBeGreaterThan(3.8);
    expect(ref.threshold).toBeLessThan(5.5);
    expect(ref.quantiles.map((q) => q.level)).toEqual([0.5, 0.9, 0.99, 0.999]);
  });

  it('warns for data 20 prior-predictive sds out, naming the data set, its distance and the training quantile; still infers', async () => {
    const sd = Math.SQRT2; // y_i = μ + ε_i: prior-predictive sd √2
    const typical = { y: [0.3, -0.5, 1.1, 0.2, -0.1] };
    const far = { y: [1, 1, 1, 1, 1].map(() => 20 * sd) };
    const oneFar = { y: [0.3, -0.5, 20 * sd, 0.2, -0.1] };
    const posts = await infer(normalNormal, [typical, far, oneFar], est);
    expect(posts[0]!.warnings.filter(isOod)).toEqual([]);
    for (const i of [1, 2]) {
      const w = posts[i]!.warnings.find(isOod)!;
      expect(w).toMatch(new RegExp(`^data set ${i} is outside`));
      const ood = posts[i]!.attrs['ood'] as { distance: number; threshold: number };
      expect(ood.distance).toBeGreaterThan(5 * ood.threshold);
      const said = Number(/is ([0-9.]+), beyond/.exec(w)![1]);
      expect(said).toBeCloseTo(ood.distance, 0);
      expect(w).toContain(`99.9% quantile of prior-predictive data sets (${est.ood!.threshold.toPrecision(3)}`);
      expect(posts[i]!.numDraws).toBe(200); // never blocks inference
    }
  });

  it('false alarms on 200 prior-predictive data sets stay within the derived bound', async () => {
    const xs = priorPredictive(nn, 200, 101);
    const posts = await infer(normalNormal, xs.map((x) => ({ y: Array.from(x) })), est);
    const alarms = posts.filter((p) => p.warnings.some(isOod)).length;
    const bound = alarmBound(est.ood!, 200);
    expect(bound).toBe(3);
    expect(alarms).toBeLessThanOrEqual(bound);
    // The same check on 5,000 data sets through distances() (no posteriors needed).
    const d = await est.distances(priorPredictive(nn, 5000, 102));
    const many = d.filter((v) => v > est.ood!.threshold).length;
    expect(many).toBeLessThanOrEqual(alarmBound(est.ood!, 5000));
  });

  it('survives save/load; ood: false turns it off', async () => {
    await est.save(join(dir, 'nn'));
    const again = await loadNpe(join(dir, 'nn'), { model: nn });
    expect(again.ood).toEqual(est.ood);
    const post = await infer(normalNormal, { y: [30, 30, 30, 30, 30] }, again);
    expect(post.warnings.some(isOod)).toBe(true);

    const off = await npe({ simulations: 500, epochs: 1, density: 'diag-gaussian', draws: 100, ood: false }).train(normalNormal, { seed: 3 });
    expect(off.ood).toBeNull();
    const p = await infer(normalNormal, { y: [30, 30, 30, 30, 30] }, off);
    expect(p.warnings.some(isOod)).toBe(false);
    expect(p.attrs['ood']).toBeUndefined();
    await expect(off.distances([new Float64Array(5)])).rejects.toBeInstanceOf(InferenceError);
  });
});

describe('OOD with a summary network (distance in the learned summary space)', () => {
  const wide = model`
    param mu ~ normal(0, 1)
    data y: vector[40] ~ normal(mu, 1)
  `;
  const m = wide.compile({});
  let est: Npe;
  beforeAll(async () => {
    est = await npe({ simulations: 2000, epochs: 3, density: 'diag-gaussian', draws: 100 }).train(wide, { seed: 4 });
  }, 60_000);

  it('measures s(x) (8 summaries), warns 20 sds out, and keeps false alarms within the bound', async () => {
    expect(est.encoder.network).not.toBeNull();
    expect(est.ood).toMatchObject({ dim: 8, metric: 'mahalanobis' });
    const far = await infer(wide, { y: Array.from({ length: 40 }, () => 20 * Math.SQRT2) }, est);
    expect(far.warnings.some(isOod)).toBe(true);
    const d = await est.distances(priorPredictive(m, 2000, 201));
    expect(d.filter((v) => v > est.ood!.threshold).length).toBeLessThanOrEqual(alarmBound(est.ood!, 2000));
  });
});
