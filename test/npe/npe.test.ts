/**
 * NPE on conjugate models, small budgets, fixed seeds.
 *
 * normal-normal (μ | y ~ N(Σy/6, 1/6)): a 2-layer MAF (a conditional Gaussian for one parameter)
 * trained on 6,000 simulations. Tolerances, per data set, in units of the exact posterior sd σ:
 * the Monte Carlo error of 10,000 draws is 0.01σ, so they bound the network's amortisation error.
 * Training minimises E_x KL(p(·|x) ‖ q(·|x)) up to a constant, and at this budget the validation loss
 * sits ~0.02 nats above its optimum; for Gaussians that KL allows a mean offset of √(2·0.02) = 0.2σ
 * or an sd off by 20% (KL ≈ (r − 1)², r the sd ratio). Hence: mean within 0.2σ, sd within 20%, and
 * the 5%/95% quantiles within 0.2σ + 0.2·1.645σ ≈ 0.35σ.
 *
 * coin (p ~ Beta(1,1), heads ~ Bin(10, p)): a bounded parameter; the default spline flow (small)
 * learns in logit space, so no draw leaves (0, 1), and the density reported in p includes the
 * Jacobian: it integrates to 1 over (0, 1) whatever the training error (checked to 1%, the
 * trapezoid rule's error on a 2,000-point grid being far smaller).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infer } from '../../src/backends/infer.js';
import { InferenceError } from '../../src/lang/errors.js';
import { createRng } from '../../src/runtime/rng.js';
import { npe, loadNpe, type Npe } from '../../src/backends/npe/index.js';
import type { Posterior } from '../../src/backends/posterior.js';
import { densitySpecFor } from '../../src/backends/npe/backend.js';
import { MAF_DEFAULT, NPE_SPLINE_TRAIN_DEFAULTS, NPE_TRAIN_DEFAULTS, SPLINE_DEFAULT } from '../../src/backends/npe/options.js';
import { coin, normalNormal, normalNormalPosterior, normalQuantile } from '../amortized/models.js';

const dir = mkdtempSync(join(tmpdir(), 'amortize-npe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nn = normalNormal.compile({});
/** Five data sets from the prior predictive (seed 11). */
const ys: number[][] = (() => {
  const s = nn.simulate(5, createRng(11));
  return Array.from({ length: 5 }, (_, i) => Array.from(s.x.subarray(i * 5, (i + 1) * 5)));
})();

/** Each posterior against the exact one for ys[i]: mean within 0.2σ, sd within 20 %, 5 %/95 % quantiles within 0.35σ (see above). */
function expectExactPosteriors(posts: Posterior[]): void {
  posts.forEach((post, i) => {
    const exact = normalNormalPosterior(ys[i]!);
    expect(post.numDraws).toBe(10_000);
    expect(Math.abs(post.mean('mu') - exact.mean) / exact.sd).toBeLessThan(0.2);
    expect(Math.abs(post.sd('mu') / exact.sd - 1)).toBeLessThan(0.2);
    const [lo, hi] = post.interval(0.9, 'mu');
    const z = normalQuantile(0.95);
    expect(Math.abs(lo - (exact.mean - z * exact.sd)) / exact.sd).toBeLessThan(0.35);
    expect(Math.abs(hi - (exact.mean + z * exact.sd)) / exact.sd).toBeLessThan(0.35);
  });
}

describe('npe on normal-normal', () => {
  let est: Npe;
  beforeAll(async () => {
    est = await npe({ simulations: 6000, density: { kind: 'maf', hidden: [32, 32], layers: 2 }, epochs: 60, batchSize: 256, learningRate: 2e-3 }).train(normalNormal, { seed: 1 });
  }, 120_000);

  it('matches the exact posterior mean, sd and 90% interval', async () => {
    const posts = await infer(normalNormal, ys.map((y) => ({ y })), est);
    expectExactPosteriors(posts);
  });

  it('gives the same draws in a batch as one by one', async () => {
    const batch = await infer(normalNormal, ys.map((y) => ({ y })), est, { seed: 4 });
    for (const i of [0, 3]) {
      const alone = await infer(normalNormal, { y: ys[i]! }, est, { seed: 4 });
      expect(alone.draws()).toEqual(batch[i]!.draws());
    }
  });

  it('saves and loads: same seed, bit-identical draws and densities', async () => {
    await est.save(join(dir, 'nn'));
    const again = await loadNpe(join(dir, 'nn'), { model: nn });
    const a = await infer(normalNormal, { y: ys[1]! }, est, { seed: 9 });
    const b = await infer(normalNormal, { y: ys[1]! }, again, { seed: 9 });
    expect(b.draws()).toEqual(a.draws());
    expect(b.logDensity(Float64Array.of(0.3))).toBe(a.logDensity(Float64Array.of(0.3)));
    expect(again.training?.epochs).toBe(est.training?.epochs);
  });

  it('refuses another model, at load and at infer', async () => {
    const other = coin.compile({ n: 10 });
    await expect(loadNpe(join(dir, 'nn'), { model: other })).rejects.toThrow(/trained on a different model/);
    await expect(infer(coin, { n: 10, heads: 3 }, est)).rejects.toBeInstanceOf(InferenceError);
    await expect(infer(coin, { n: 10, heads: 3 }, est)).rejects.toThrow(/trained on a different model or inputs/);
  });
});

describe('npe with an ensemble of two densities', () => {
  let est: Npe;
  beforeAll(async () => {
    est = await npe({ simulations: 6000, ensemble: 2, density: { kind: 'maf', hidden: [32, 32], layers: 2 }, epochs: 60, batchSize: 256, learningRate: 2e-3 }).train(normalNormal, { seed: 1 });
  }, 120_000);

  // The same tolerances as a single density (see the file comment): a mixture of two members that
  // each meet them meets them too.
  it('matches the exact posterior mean, sd and 90% interval', async () => {
    expect(est.estimator.density.kind).toBe('ensemble');
    const posts = await infer(normalNormal, ys.map((y) => ({ y })), est);
    expectExactPosteriors(posts);
  });

  it('batched = one by one, and a save/load round trip is bit-identical', async () => {
    const batch = await infer(normalNormal, ys.map((y) => ({ y })), est, { seed: 4 });
    const alone = await infer(normalNormal, { y: ys[2]! }, est, { seed: 4 });
    expect(alone.draws()).toEqual(batch[2]!.draws());
    await est.save(join(dir, 'ens'));
    const again = await loadNpe(join(dir, 'ens'), { model: nn });
    const b = await infer(normalNormal, { y: ys[2]! }, again, { seed: 4 });
    expect(b.draws()).toEqual(alone.draws());
    expect(b.logDensity(Float64Array.of(0.3))).toBe(alone.logDensity(Float64Array.of(0.3)));
  });

  it('refuses an ensemble size that is not a whole number ≥ 1, before simulating (a budget of 1e9 would not finish)', async () => {
    await expect(npe({ simulations: 1e9, ensemble: 0 }).train(normalNormal, { seed: 1 })).rejects.toThrow(/npe: ensemble must be a whole number ≥ 1, got 0/);
  });
});

describe('npe on the coin (bounded parameter)', () => {
  let est: Npe;
  const m = coin.compile({ n: 10 });
  beforeAll(async () => {
    est = await npe({ simulations: 3000, density: { kind: 'spline-flow', hidden: [32, 32], layers: 2 }, epochs: 40 }).train(coin, { inputs: { n: 10 }, seed: 2 });
  }, 120_000);

  it('keeps every draw in (0, 1) and matches the Beta posterior mean', async () => {
    for (const heads of [0, 3, 10]) {
      const post = await infer(coin, { n: 10, heads }, est);
      const p = post.draws('p');
      expect(p.every((v) => v > 0 && v < 1)).toBe(true);
      // Beta(1 + h, 11 − h): mean (1 + h)/12; mean within 0.2 posterior sd, as above.
      const a = 1 + heads, b = 11 - heads;
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
      expect(Math.abs(post.mean('p') - a / (a + b)) / sd).toBeLessThan(0.2);
    }
  });

  it('reports a normalised density in p (the Jacobian is included)', async () => {
    const post = await infer(coin, { n: 10, heads: 3 }, est);
    const grid = 2000;
    const theta = new Float64Array(grid);
    for (let i = 0; i < grid; i++) theta[i] = (i + 0.5) / grid;
    const logq = est.logDensityRows(m, theta, m.flattenData({ heads: 3 }));
    let integral = 0;
    for (let i = 0; i < grid; i++) integral += Math.exp(logq[i]!) / grid;
    expect(integral).toBeCloseTo(1, 2);
    expect(post.logDensity(Float64Array.of(0.3))).toBeCloseTo(logq[599]! , 0); // θ = 0.29975 vs 0.3
    expect(post.logDensity(Float64Array.of(1.5))).toBe(-Infinity);
  });
});

describe('npe density options', () => {
  it('keeps the tuned defaults of a named kind and overrides only the settings given', () => {
    const { kind, ...tuned } = SPLINE_DEFAULT;
    const spec = densitySpecFor({ kind, layers: 8 }, 2, 1);
    expect(spec.config).toMatchObject({ ...tuned, layers: 8, seed: 1 });
    expect(densitySpecFor('maf', 12, 1).config).toMatchObject({ hidden: MAF_DEFAULT.hidden, layers: MAF_DEFAULT.layers });
    expect(densitySpecFor({ kind: 'mdn', components: 3 }, 2, 1).config).toMatchObject({ components: 3, hidden: [64, 64] });
  });

  it('defaults to the MAF at every dimension (the spline flow over-fits at 5k–10k simulations: options.ts)', () => {
    for (const P of [1, 2, 5, 10, 20]) expect(densitySpecFor(undefined, P, 1)).toMatchObject({ kind: 'maf', config: { hidden: MAF_DEFAULT.hidden, layers: MAF_DEFAULT.layers } });
  });
});

describe('npe training defaults follow the density', () => {
  const tiny = { hidden: [8, 8], layers: 1 };
  const record = async (opts: Parameters<typeof npe>[0]) =>
    (await npe({ simulations: 300, epochs: 1, draws: 10, ...opts }).train(normalNormal, { seed: 1 })).training!;

  it('spline flows (alone or as ensemble members) train at batch 256 and 2e-3, other densities at 512 and 3e-3; the call wins', async () => {
    expect(await record({ density: { kind: 'spline-flow', ...tiny } })).toMatchObject(pick(NPE_SPLINE_TRAIN_DEFAULTS));
    expect(await record({ density: { kind: 'spline-flow', ...tiny }, ensemble: 2 })).toMatchObject(pick(NPE_SPLINE_TRAIN_DEFAULTS));
    expect(await record({ density: { kind: 'maf', ...tiny } })).toMatchObject(pick(NPE_TRAIN_DEFAULTS));
    expect(await record({ density: { kind: 'spline-flow', ...tiny }, batchSize: 64, learningRate: 1e-3 })).toMatchObject({ batchSize: 64, learningRate: 1e-3 });
    expect(NPE_SPLINE_TRAIN_DEFAULTS.batchSize).not.toBe(NPE_TRAIN_DEFAULTS.batchSize);
  });
});

function pick(d: { batchSize: number; learningRate: number }): { batchSize: number; learningRate: number } {
  return { batchSize: d.batchSize, learningRate: d.learningRate };
}
