/**
 * "The log density is finite inside the support and -Infinity outside": for a scalar
 * distribution at given arguments, the check evaluates at the point and at points just outside
 * the support (below/above each finite bound, off the integer lattice, NaN).
 */
import type { ScalarDistribution, Support, VectorDistribution } from '../runtime/distributions/types.js';
import { fail, fmt, pass, type CheckResult } from './result.js';

/** A handful of points outside `support` (scalar supports). */
export function pointsOutside(support: Support): number[] {
  const out: number[] = [NaN];
  switch (support.kind) {
    case 'positive':
      out.push(-1e-8, -1, -Infinity);
      break;
    case 'lower':
      out.push(support.lower - 1e-8 * Math.max(1, Math.abs(support.lower)), support.lower - 1);
      break;
    case 'upper':
      out.push(support.upper + 1e-8 * Math.max(1, Math.abs(support.upper)), support.upper + 1);
      break;
    case 'unit':
      out.push(-1e-8, 1 + 1e-8, -1, 2);
      break;
    case 'interval': {
      const w = support.upper - support.lower;
      out.push(support.lower - 1e-8 * w, support.upper + 1e-8 * w);
      break;
    }
    case 'integer':
      if (Number.isFinite(support.lower)) out.push(support.lower - 1);
      if (Number.isFinite(support.upper)) out.push(support.upper + 1);
      out.push((Number.isFinite(support.lower) ? support.lower : 0) + 0.5);
      break;
    default:
      break;
  }
  return out;
}

/** logDensity(x) finite for x inside (`inside`, e.g. from arbitraryInSupport) and -Infinity outside. */
export function checkScalarDensitySupport(dist: ScalarDistribution, args: readonly number[], inside: number): CheckResult {
  const [a = 0, b = 0, c = 0] = args;
  const support = dist.support(a, b, c);
  const name = `${dist.name}(${args.map(fmt).join(', ')})`;
  const lp = dist.logDensity(inside, a, b, c);
  if (!Number.isFinite(lp)) return fail(`${name}: log density at ${fmt(inside)} (inside the support) is ${lp}`);
  for (const x of pointsOutside(support)) {
    const v = dist.logDensity(x, a, b, c);
    if (v !== -Infinity) return fail(`${name}: log density at ${fmt(x)} (outside the ${support.kind} support) is ${v}, expected -Infinity`);
  }
  return pass(`${name}: finite inside, -Infinity outside`);
}

/**
 * Vector distributions: finite at `inside`; -Infinity after pushing one coordinate out
 * (a negative simplex entry, or a broken sum) where the support is constrained.
 */
export function checkVectorDensitySupport(dist: VectorDistribution, args: readonly Float64Array[], k: number, inside: Float64Array): CheckResult {
  const lp = dist.logDensity(inside, args as Float64Array[], k);
  if (!Number.isFinite(lp)) return fail(`${dist.name}: log density at [${Array.from(inside).map(fmt).join(', ')}] is ${lp}`);
  const support = dist.support();
  const probes: Float64Array[] = [];
  if (support.kind === 'simplex') {
    const neg = Float64Array.from(inside);
    neg[0] = -neg[0]!;
    const off = Float64Array.from(inside, (v) => v * 1.01);
    probes.push(neg, off);
  } else if (support.kind === 'integer') {
    const frac = Float64Array.from(inside);
    frac[0] = frac[0]! + 0.5;
    probes.push(frac);
  }
  for (const p of probes) {
    const v = dist.logDensity(p, args as Float64Array[], k);
    if (v !== -Infinity) return fail(`${dist.name}: log density at [${Array.from(p).map(fmt).join(', ')}] (outside) is ${v}`);
  }
  return pass(`${dist.name}: finite inside, -Infinity outside`);
}
