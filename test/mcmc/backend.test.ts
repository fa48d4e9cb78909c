import { describe, expect, it } from 'vitest';
import { nuts } from '../../src/backends/mcmc/nuts.js';
import { rwm } from '../../src/backends/mcmc/rwm.js';
import { InferenceError } from '../../src/backends/errors.js';
import { fakeModel, normalMeansModel } from './fixtures/fake-model.js';

const stubUrl = new URL('./fixtures/portable-stub.ts', import.meta.url).href;
// x: 5 observations per mean → posterior N(x̄·(5/(5+0.01)), 1/(5.01)) per coordinate.
const x = Float64Array.from([1, 2, 3, -1, -2, -3, 1.5, 2.5, 3.5, 0, 1, 2, 0.5, 1.5, 2.5]);

describe('nuts backend', () => {
  it('same seed gives identical draws with and without workers', async () => {
    const model = normalMeansModel(3);
    const opts = { chains: 3, warmup: 200, draws: 200, seed: 11, instantiateUrl: stubUrl };
    const [seq] = await nuts({ ...opts, workers: false }).run(model, [x], {});
    const [par] = await nuts({ ...opts, workers: 'always' }).run(model, [x], {});
    expect(seq!.numChains).toBe(3);
    for (let c = 0; c < 3; c++) expect(Array.from(par!.chain(c))).toEqual(Array.from(seq!.chain(c)));
    // The sequential fallback (density not portable) gives the same draws too.
    const [fallback] = await nuts({ ...opts, workers: 'always' }).run(normalMeansModel(3, { portable: false }), [x], {});
    expect(Array.from(fallback!.chain(2))).toEqual(Array.from(seq!.chain(2)));
    // A different seed gives different draws.
    const [other] = await nuts({ ...opts, seed: 12, workers: false }).run(model, [x], {});
    expect(Array.from(other!.chain(0))).not.toEqual(Array.from(seq!.chain(0)));
  });

  it('recovers the conjugate posterior and reports progress, stats and timing', async () => {
    const model = normalMeansModel(3);
    const events: number[] = [];
    const [post] = await nuts({ seed: 3, workers: false, warmup: 500, draws: 1000 }).run(model, [x], { onProgress: (e) => events.push(e.done) });
    const p = post!;
    const prec = 5 + 0.01;
    const sums = [1 + 2 + 3 + 1.5 + 2.5, 2 + -3 + 2.5 + 0 + 0.5, 3 + 1 + 3.5 + 1 + 1.5];
    // x[j] belongs to mean j mod 3.
    const s = [0, 0, 0];
    x.forEach((v, j) => (s[j % 3]! += v));
    expect(s.length).toBe(sums.length);
    const rows = p.summary();
    for (let i = 0; i < 3; i++) {
      const exact = s[i]! / prec;
      expect(Math.abs(rows[i]!.mean - exact)).toBeLessThan(4 * rows[i]!.mcse);
      expect(rows[i]!.sd).toBeGreaterThan(Math.sqrt(1 / prec) * 0.9);
      expect(rows[i]!.sd).toBeLessThan(Math.sqrt(1 / prec) * 1.1);
      expect(rows[i]!.rhat).toBeLessThan(1.01);
    }
    expect(p.names).toEqual(['mu[1]', 'mu[2]', 'mu[3]']);
    expect(Object.keys(p.samplerStats)).toEqual(['lp', 'acceptance_rate', 'step_size', 'tree_depth', 'n_steps', 'diverging', 'energy']);
    expect(p.timing.chainSeconds).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
    expect(events[events.length - 1]).toBe(4 * 1500);
    expect(p.warnings).toEqual([]);
    const meanAccept = p.samplerStats.acceptance_rate!.flatMap((c) => Array.from(c)).reduce((a, b) => a + b) / 4000;
    expect(meanAccept).toBeGreaterThan(0.7);
  });

  it('refuses a model without a likelihood, naming the node and the alternatives', async () => {
    const model = { ...normalMeansModel(1), hasLikelihood: false, noLikelihoodReason: "data 'y' comes from a TypeScript simulator" };
    const err = await nuts().run(model, [x], {}).catch((e) => e);
    expect(err).toBeInstanceOf(InferenceError);
    expect(err.message).toContain("data 'y' comes from a TypeScript simulator");
    expect(err.message).toMatch(/npe\(\).*nle\(\).*nre\(\).*nbe\(\)/);
  });

  it('explains which term is non-finite when no initial point is found', async () => {
    const model = fakeModel({
      params: [{ name: 'sigma', size: 1 }],
      logPrior: () => 0,
      logLikelihood: () => -Infinity,
      logJointGrad: (_u, _x, g) => { g[0] = 0; return -Infinity; },
    });
    const err = await nuts({ chains: 1, workers: false, seed: 1 }).run(model, [x], {}).catch((e) => e);
    expect(err).toBeInstanceOf(InferenceError);
    expect(err.message).toContain('100 tries');
    expect(err.message).toContain('log likelihood is -Infinity');
    expect(err.message).not.toContain('log prior');
  });

  it('warns about divergences with advice on a hard funnel', async () => {
    // Neal's funnel, v ~ N(0, 3²): the neck cannot be integrated with one step size.
    const d = 9;
    const lj = (u: Float64Array, g: Float64Array): number => {
      const v = u[0]!;
      let lp = -0.5 * (v / 3) ** 2;
      let gv = -v / 9;
      const ev = Math.exp(-v);
      for (let i = 1; i <= d; i++) { lp += -0.5 * u[i]! * u[i]! * ev - 0.5 * v; gv += 0.5 * u[i]! * u[i]! * ev - 0.5; g[i] = -u[i]! * ev; }
      g[0] = gv;
      return lp;
    };
    const model = fakeModel({
      params: [{ name: 'v', size: 1 }, { name: 'x', size: d }],
      logPrior: (u) => lj(u, new Float64Array(d + 1)), logLikelihood: () => 0, logJointGrad: (u, _x, g) => lj(u, g),
    });
    const [post] = await nuts({ chains: 2, warmup: 300, draws: 300, seed: 5, workers: false }).run(model, [x], {});
    const w = post!.warnings.find((s) => s.includes('divergent'));
    expect(w).toBeDefined();
    expect(w).toMatch(/\d+ divergent transitions? after warmup .*increase targetAccept \(now 0\.8\) or reparameterise/);
  });
});

describe('nuts backend options', () => {
  it('warns when transitions saturate maxTreeDepth', async () => {
    const model = fakeModel({
      params: [{ name: 'a', size: 1 }, { name: 'b', size: 1 }],
      logPrior: () => 0,
      logLikelihood: () => 0,
      // ρ = 0.999 with a diagonal metric: trees want depth ≫ 2.
      logJointGrad: (u, _x, g) => {
        const r = 0.999, det = 1 - r * r;
        g[0] = -(u[0]! - r * u[1]!) / det;
        g[1] = -(u[1]! - r * u[0]!) / det;
        return -0.5 * (u[0]! ** 2 - 2 * r * u[0]! * u[1]! + u[1]! ** 2) / det;
      },
    });
    const [post] = await nuts({ chains: 1, warmup: 200, draws: 100, maxTreeDepth: 2, seed: 1, workers: false }).run(model, [x], {});
    expect(post!.warnings.some((w) => /\d+ of 100 transitions hit maxTreeDepth \(2\).*metric: 'dense'/.test(w))).toBe(true);
    expect(Math.max(...post!.samplerStats.tree_depth![0]!)).toBe(2);
  });

  it('gives one posterior per data set, each from its own stream', async () => {
    const model = normalMeansModel(1);
    const posts = await nuts({ chains: 2, warmup: 200, draws: 200, seed: 4, workers: false }).run(model, [Float64Array.of(5, 5, 5), Float64Array.of(-5, -5, -5)], {});
    expect(posts.length).toBe(2);
    expect(posts[0]!.mean('mu')).toBeGreaterThan(4);
    expect(posts[1]!.mean('mu')).toBeLessThan(-4);
  });

  it('starts from given init values and rejects a bad one with the reason', async () => {
    const model = normalMeansModel(2);
    const err = await nuts({ chains: 1, seed: 1, workers: false, init: { mu: [NaN, 0] } }).run(model, [x], {}).catch((e) => e);
    expect(err).toBeInstanceOf(InferenceError);
    expect(err.message).toMatch(/given initial point has a non-finite log density/);
    expect(() => nuts({ targetAccept: 1.2 })).toThrow(/targetAccept must lie in \(0, 1\)/);
    const bad = await nuts({ init: { nu: 1 } }).run(model, [x], {}).catch((e) => e);
    expect(bad.message).toMatch(/no value for 'mu'/);
  });
});

describe('rwm backend', () => {
  it('samples the conjugate posterior without gradients', async () => {
    const model = normalMeansModel(3);
    const [post] = await rwm({ seed: 2, workers: false, chains: 4, warmup: 3000, draws: 3000 }).run(model, [x], {});
    const p = post!;
    const s = [0, 0, 0];
    x.forEach((v, j) => (s[j % 3]! += v));
    const rows = p.summary();
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(rows[i]!.mean - s[i]! / 5.01)).toBeLessThan(4 * rows[i]!.mcse);
      expect(rows[i]!.sd).toBeGreaterThan(Math.sqrt(1 / 5.01) * 0.85);
      expect(rows[i]!.sd).toBeLessThan(Math.sqrt(1 / 5.01) * 1.15);
      expect(rows[i]!.rhat).toBeLessThan(1.02);
    }
    expect(p.method).toBe('rwm');
    const acc = p.samplerStats.acceptance_rate!.flatMap((c) => Array.from(c)).reduce((a, b) => a + b) / 12000;
    expect(acc).toBeGreaterThan(0.15);
    expect(acc).toBeLessThan(0.4);
  });
});
