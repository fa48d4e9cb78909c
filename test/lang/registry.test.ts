/**
 * The front end's distribution table (src/lang/checks/distributions.ts) must agree with the
 * runtime's registry on names, arities, discreteness and scalar-vs-vector, or a model that passes
 * the checks would fail to compile.
 */
import { describe, expect, it } from 'vitest';
import { distributions as frontEnd, isScalarDistribution } from '../../src/lang/checks/distributions.js';
import { distributions as runtime } from '../../src/runtime/distributions/index.js';

describe('distribution tables agree', () => {
  it('have the same names', () => {
    expect([...frontEnd.keys()].sort()).toEqual(Object.keys(runtime).sort());
  });
  it.each([...frontEnd.keys()])('%s: same arity, discreteness and kind', (name) => {
    const ours = frontEnd.get(name)!;
    const theirs = runtime[name];
    expect(theirs).toBeDefined();
    expect(ours.args.length).toBe(theirs!.args.length);
    expect(ours.discrete).toBe(theirs!.discrete);
    expect(isScalarDistribution(name)).toBe(theirs!.kind === 'scalar');
  });
});
