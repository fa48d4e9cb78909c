/**
 * The shared amortized core without training: the param block (u_θ ↔ θ with its Jacobian), the
 * training set (non-finite pairs dropped and counted, progress), the data encoder's choice and
 * round trip, and posteriors built from unconstrained draws staying inside bounded supports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { model } from '../../src/lang/dsl.js';
import type { CompiledModel } from '../../src/lang/compiled-model.js';
import { createRng } from '../../src/runtime/rng.js';
import { initNeuralBackend, tf } from '../../src/nn/index.js';
import {
  DataEncoder, ParamBlock, posteriorFromUnconstrainedDraws, simulateTrainingSet, summaryConfig,
} from '../../src/backends/amortized/index.js';
import type { ProgressEvent } from '../../src/backends/backend.js';
import { coin, normalNormal } from './models.js';

beforeAll(async () => {
  await initNeuralBackend();
});

const bounded = model`
  param a ~ uniform(-1, 2)
  param s ~ half_normal(0, 1)
  param w: vector[2] ~ normal(0, 1)
  latent z ~ normal(0, 1)
  data y: vector[3] ~ normal(a + s * z, 1)
`;

describe('ParamBlock', () => {
  const m = bounded.compile({});
  const block = new ParamBlock(m);

  it('is the param block of u: latents excluded, θ from the compiled model', () => {
    expect(block.dim).toBe(4);
    expect(m.unconstrainedDim).toBe(5);
    const rng = createRng(3);
    const s = m.simulate(50, rng);
    const u = block.sliceRows(s.u, 50);
    // simulate computes u = g⁻¹(θ), so θ comes back up to rounding.
    const theta = block.toThetaRows(u, 50);
    theta.forEach((v, i) => expect(v).toBeCloseTo(s.theta[i]!, 12));
  });

  it('round-trips θ → u_θ → θ and gives log|det ∂θ/∂u| (checked by finite differences)', () => {
    const u = Float64Array.of(0.3, -0.7, 1.1, -2);
    const theta = new Float64Array(4);
    const logDet = block.toTheta(u, theta);
    expect(Array.from(block.toU(theta))).toEqual(Array.from(u).map((v) => expect.closeTo(v, 12)));
    // Elementwise bijectors: log|det| = Σ log |dθ_j/du_j|; central differences with h = 1e-5 are
    // accurate to ~1e-10 on these smooth maps.
    let fd = 0;
    const h = 1e-5;
    for (let j = 0; j < 4; j++) {
      const up = Float64Array.from(u); up[j]! += h;
      const dn = Float64Array.from(u); dn[j]! -= h;
      const tu = new Float64Array(4), td = new Float64Array(4);
      block.toTheta(up, tu);
      block.toTheta(dn, td);
      fd += Math.log(Math.abs((tu[j]! - td[j]!) / (2 * h)));
    }
    expect(logDet).toBeCloseTo(fd, 8);
  });

  it('maps a value outside the support to NaN, and every coordinate here increases with u', () => {
    expect(Number.isNaN(block.toU(Float64Array.of(3, 1, 0, 0))[0]!)).toBe(true);
    expect(Array.from(block.directions())).toEqual([1, 1, 1, 1]);
  });
});

describe('simulateTrainingSet', () => {
  it('simulates N pairs deterministically in the seed, with progress', () => {
    const m = normalNormal.compile({});
    const events: ProgressEvent[] = [];
    const a = simulateTrainingSet(m, 1000, { seed: 5, chunk: 300, onProgress: (e) => events.push(e) });
    const b = simulateTrainingSet(m, 1000, { seed: 5 });
    expect(a.n).toBe(1000);
    expect(a.u).toEqual(b.u);
    expect(a.x).toEqual(b.x);
    expect(events.map((e) => e.done)).toEqual([300, 600, 900, 1000]);
    expect(events.every((e) => e.phase === 'simulate' && e.total === 1000)).toBe(true);
  });

  it('drops and counts non-finite simulations, and refuses when there are too many', () => {
    const m = normalNormal.compile({});
    // Every 10th x row made NaN: 10% dropped (allowed by default: 50%).
    const poisoned = (every: number): CompiledModel => ({
      ...m,
      simulate(n, rng) {
        const s = m.simulate(n, rng);
        for (let i = 0; i < n; i += every) s.x[i * m.dataDim] = NaN;
        return s;
      },
    });
    const set = simulateTrainingSet(poisoned(10), 1000, { seed: 1, chunk: 1000 });
    expect(set.dropped).toBe(100);
    expect(set.n).toBe(900);
    expect(set.x.every(Number.isFinite)).toBe(true);
    expect(set.faults).toMatchObject({ threw: 0, nonFinite: 100 });
    expect(simulateTrainingSet(poisoned(2), 1000, { seed: 1, chunk: 1000 }).dropped).toBe(500); // 50 %: not past the default
    expect(() => simulateTrainingSet(poisoned(2), 1000, { seed: 1, chunk: 1000, maxNonFiniteFraction: 0.2 })).toThrow(/500 of 1000 simulations failed \(0 threw, 500 gave NaN/);
  });
});

describe('DataEncoder', () => {
  it("chooses identity for small flat data, the engine's MLP for long vectors and DeepSets for replicates", () => {
    expect(summaryConfig(normalNormal.compile({}))).toBeNull();
    const long = model`param mu ~ normal(0, 1)
      data y: vector[100] ~ normal(mu, 1)`;
    expect(summaryConfig(long.compile({}))?.kind).toBe('mlp');
    const reps = model`param mu ~ normal(0, 1)
      data y: matrix[20, 2] ~ normal(mu, 1)`;
    expect(summaryConfig(reps.compile({}))?.kind).toBe('deepsets');
    expect(summaryConfig(normalNormal.compile({}), { kind: 'mlp', outputDim: 4 })?.kind).toBe('mlp');
  });

  it('standardises with the training statistics and round-trips through JSON', () => {
    const m = normalNormal.compile({});
    const set = simulateTrainingSet(m, 500, { seed: 2 });
    for (const option of ['identity', { kind: 'mlp' as const, outputDim: 3 }] as const) {
      const enc = DataEncoder.fit(m, set.x, option, 7);
      const again = DataEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON())));
      // fromJSON rebuilds fresh weights from the config's seed, equal to the originals (untrained).
      const x = DataEncoder.stack([set.x.subarray(0, 5), set.x.subarray(5, 10)], 5);
      const a = enc.encode(x), b = again.encode(x);
      expect(a.shape).toEqual([2, option === 'identity' ? 5 : 3]);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
    }
  });
});

describe('posteriorFromUnconstrainedDraws', () => {
  it('maps draws of u_θ into the support, even far in the tails', () => {
    const m = coin.compile({ n: 10 });
    const u = Float64Array.of(-30, -3, 0, 3, 30);
    const post = posteriorFromUnconstrainedDraws(m, u, 5, { method: 'test' });
    const p = post.draws('p');
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(p[2]).toBeCloseTo(0.5, 12);
    expect(post.numChains).toBe(1);
  });
});
