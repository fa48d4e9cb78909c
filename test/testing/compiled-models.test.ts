/**
 * amortize/testing on models compiled from the DSL (integration with the compiler): the gradient
 * and simulator properties hold on real compiled models, not only on hand-written ones.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { modelFromSource } from '../../src/lang/dsl.js';
import {
  arbitraryDataset, arbitraryUnconstrained, assertModelGradient, assertModelProperties, assertModelSimulator,
} from '../../src/testing/index.js';

const cases: [string, string, Record<string, unknown>][] = [
  ['coin', 'input n: int\nparam p ~ beta(1, 1)\ndata heads ~ binomial(n, p)', { n: 10 }],
  ['normal', 'input N: int\nparam mu ~ normal(0, 5)\nparam sigma ~ half_cauchy(2)\ndata y: vector[N] ~ normal(mu, sigma)', { N: 8 }],
  [
    'eight schools (centred)',
    'input J: int\ninput sigma: vector[J]\nparam mu ~ normal(0, 5)\nparam tau ~ half_cauchy(5)\nparam theta: vector[J] ~ normal(mu, tau)\ndata y: vector[J] ~ normal(theta, sigma)',
    { J: 3, sigma: [15, 10, 16] },
  ],
  [
    'mixed supports',
    'param p: vector[3] ~ dirichlet([1, 2, 3])\nparam r ~ gamma(2, 1)\nparam q ~ uniform(-1, 2)\ndata k ~ poisson(r)\ndata z ~ beta(2, 3)\ndata w ~ lognormal(q, 1)\ndata c ~ categorical(p)',
    {},
  ],
];

describe('properties on compiled models', () => {
  it.each(cases)('%s: gradient matches finite differences and simulate() matches the densities', (_name, source, inputs) => {
    const m = modelFromSource(source).compile(inputs);
    fc.assert(
      fc.property(arbitraryUnconstrained(m), arbitraryDataset(m, 'compiled'), (u, d) => assertModelGradient(m, u, d.x)),
      { seed: 5, numRuns: 50 },
    );
    assertModelSimulator(m, { seed: 5 });
  });

  it.each(cases)('%s: assertModelProperties runs everything in one call', (_name, source, inputs) => {
    assertModelProperties(modelFromSource(source).compile(inputs), { seed: 6, numRuns: 30 });
  });
});
