/**
 * The MCMC backend on models from the real DSL and compiler: workers rebuild the density from
 * its portable form and give exactly the sequential draws; a simulator-only model is refused.
 */
import { describe, expect, it } from 'vitest';
import { nuts } from '../../src/backends/mcmc/nuts.js';
import { InferenceError } from '../../src/backends/errors.js';
import { model } from '../../src/lang/dsl.js';
import eightSchools, { data as eightData } from '../../examples/eight-schools.js';

describe('nuts on compiled models', () => {
  const eight = eightSchools.compile(eightSchools.splitData(eightData).inputs);
  const x = eight.flattenData(eightSchools.splitData(eightData).data);

  it('draws on worker threads equal the sequential draws (portable density)', async () => {
    expect(eight.portableDensity()).not.toBeNull();
    const opts = { chains: 2, warmup: 150, draws: 100, seed: 99 };
    const [seq] = await nuts({ ...opts, workers: false }).run(eight, [x], {});
    const [par] = await nuts({ ...opts, workers: 'always' }).run(eight, [x], {});
    expect(Array.from(par!.draws())).toEqual(Array.from(seq!.draws()));
    expect(seq!.names.slice(0, 3)).toEqual(['mu', 'tau', 'theta_trans[1]']);
    // tau is reported on its constrained (positive) scale.
    expect(Math.min(...seq!.draws('tau'))).toBeGreaterThan(0);
  });

  it('refuses a model whose data has no density, naming the node', async () => {
    const sim = model`
      param r ~ gamma(2, 1)
      param a ~ uniform(-pi, pi)
      data y: vector[2] = [r * cos(a), r * sin(a)]
    `.compile({});
    expect(sim.hasLikelihood).toBe(false);
    const err = await nuts().run(sim, [Float64Array.of(1, 1)], {}).catch((e) => e);
    expect(err).toBeInstanceOf(InferenceError);
    expect(err.message).toContain(sim.noLikelihoodReason!);
    expect(err.message).toMatch(/npe\(\), nle\(\), nre\(\) or nbe\(\)/);
  });
});
