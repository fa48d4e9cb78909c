/**
 * Gradient checks: an analytic gradient against central finite differences.
 *
 * The numeric derivative uses Richardson extrapolation of two central differences,
 * D = (4 D(h/2) - D(h)) / 3, whose truncation error is O(h⁴): with h = 1e-3 · max(1, |x_i|) the
 * remaining error is dominated by rounding (~ε|f|/h ≈ 1e-13 |f|), so a relative tolerance of 1e-6
 * separates real mistakes (wrong sign, missing term, factor 2) from numerical noise.
 */
import type { CompiledModel } from '../lang/compiled-model.js';
import type { ScalarDistribution, Support, VectorDistribution } from '../runtime/distributions/types.js';
import { fail, fmt, pass, type CheckResult } from './result.js';

export interface GradientCheckOptions {
  /** Relative step (scaled by max(1, |x_i|)). Default 1e-3. */
  step?: number;
  /** Pass if |analytic - numeric| ≤ atol + rtol · max(|analytic|, |numeric|). Defaults 1e-6, 1e-6. */
  rtol?: number;
  atol?: number;
  /** Names of the coordinates, for messages. */
  names?: string[];
  /** Absolute step per coordinate, overriding `step` (e.g. to stay inside a bounded support). */
  steps?: ArrayLike<number>;
}

/** f returns the value and writes its gradient into grad (grad.length = x.length). */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** Central-difference derivative of f along coordinate i (Richardson-extrapolated). */
export function numericPartial(f: (x: Float64Array) => number, x: Float64Array, i: number, step = 1e-3, absoluteStep?: number): number {
  const h = absoluteStep ?? step * Math.max(1, Math.abs(x[i]!));
  const x0 = x[i]!;
  const at = (d: number): number => {
    x[i] = x0 + d;
    const v = f(x);
    x[i] = x0;
    return v;
  };
  const d1 = (at(h) - at(-h)) / (2 * h);
  const d2 = (at(h / 2) - at(-h / 2)) / h;
  return (4 * d2 - d1) / 3;
}

/** Checks `fg`'s gradient at x against finite differences of its value. */
export function checkGradient(fg: ValueAndGradient, x: Float64Array, options: GradientCheckOptions = {}): CheckResult {
  const { step = 1e-3, rtol = 1e-6, atol = 1e-6, names, steps } = options;
  const point = Float64Array.from(x);
  const grad = new Float64Array(x.length);
  const value = fg(point, grad);
  if (!Number.isFinite(value)) return fail(`gradient check: value is ${value} at [${Array.from(x).map(fmt).join(', ')}]`);
  const scratch = new Float64Array(x.length);
  const f = (p: Float64Array): number => fg(p, scratch);
  const problems: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const numeric = numericPartial(f, point, i, step, steps?.[i]);
    const analytic = grad[i]!;
    const tol = atol + rtol * Math.max(Math.abs(analytic), Math.abs(numeric));
    if (!(Math.abs(analytic - numeric) <= tol)) {
      const name = names?.[i] ?? `x[${i}]`;
      problems.push(`  ∂/∂${name}: analytic ${fmt(analytic)}, finite difference ${fmt(numeric)}`);
    }
  }
  const where = `at [${Array.from(x).map(fmt).join(', ')}]`;
  if (problems.length > 0) return fail(`gradient disagrees with finite differences ${where}:\n${problems.join('\n')}`);
  return pass(`gradient matches finite differences ${where}`);
}

/** model.logJointGrad against finite differences of model.logJoint, at u for data x. */
export function checkModelGradient(model: CompiledModel, u: Float64Array, x: Float64Array, options: GradientCheckOptions = {}): CheckResult {
  const names = options.names ?? unconstrainedNames(model);
  return checkGradient((p, g) => model.logJointGrad(p, x, g), u, { ...options, names });
}

/** model.logPriorGrad against finite differences of model.logPrior. */
export function checkModelPriorGradient(model: CompiledModel, u: Float64Array, options: GradientCheckOptions = {}): CheckResult {
  const names = options.names ?? unconstrainedNames(model);
  return checkGradient((p, g) => model.logPriorGrad(p, g), u, { ...options, names });
}

/** 'mu', 'sigma (unconstrained)', 'p[1]'... one per coordinate of u. */
export function unconstrainedNames(model: CompiledModel): string[] {
  const names = new Array<string>(model.unconstrainedDim).fill('u');
  for (const v of [...model.params, ...model.latents]) {
    for (let i = 0; i < v.unconstrainedSize; i++) {
      names[v.unconstrainedOffset + i] = v.unconstrainedSize === 1 ? `u(${v.name})` : `u(${v.name})[${i + 1}]`;
    }
  }
  return names;
}

/**
 * A scalar distribution's logDensityGrad against finite differences in every continuous coordinate:
 * x (unless discrete) and each argument whose constraint is not integer-valued.
 */
export function checkScalarDistributionGradient(
  dist: ScalarDistribution,
  x: number,
  args: readonly number[],
  options: GradientCheckOptions = {},
): CheckResult {
  const full = [x, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0];
  const free: number[] = [];
  if (!dist.discrete) free.push(0);
  dist.args.forEach((spec, i) => {
    if (spec.constraint !== 'nonnegative-int') free.push(i + 1);
  });
  const names = free.map((k) => (k === 0 ? 'x' : dist.args[k - 1]!.name));
  const out = new Float64Array(4);
  const point = new Float64Array(4);
  const fg: ValueAndGradient = (p, g) => {
    point.set(full);
    free.forEach((k, j) => (point[k] = p[j]!));
    const v = dist.logDensityGrad(out, point[0]!, point[1]!, point[2]!, point[3]!);
    free.forEach((k, j) => (g[j] = out[k]!));
    return v;
  };
  // Keep every probe inside the support and the arguments' domains: at most 1% of the way to a bound,
  // where the O(h⁴) error of the extrapolated difference is ~1e-8 relative even for log-type singularities.
  const base = options.step ?? 1e-3;
  const support = dist.support(full[1]!, full[2]!, full[3]!);
  // Arguments may move the support's bounds (uniform), so every step also respects x's room.
  const xRoom = dist.discrete ? Infinity : distanceToBound(support, x);
  const steps = free.map((k) => {
    const v = full[k]!;
    let room = xRoom;
    if (k > 0) {
      const c = dist.args[k - 1]!.constraint;
      if (c === 'positive' || c === 'nonnegative') room = Math.min(room, v);
      else if (c === 'probability') room = Math.min(room, v, 1 - v);
    }
    return Math.min(base * Math.max(1, Math.abs(v)), 0.01 * room);
  });
  const r = checkGradient(fg, Float64Array.from(free.map((k) => full[k]!)), { ...options, steps, names: options.names ?? names });
  return r.ok ? r : { ok: false, message: `${dist.name}(${args.join(', ')}) at x = ${x}: ${r.message}` };
}

/**
 * A vector distribution's logDensityGrad against finite differences in x (unless discrete) and
 * every argument entry, respecting each block's structure:
 * - covariance arguments are perturbed symmetrically (entries ij and ji together), because their
 *   gradient follows the symmetric convention, and only i ≥ j is free;
 * - only the lower triangle of a Cholesky factor is perturbed;
 * - simplex blocks (a simplex x, a probability-vector argument) are perturbed in the tangent space:
 *   the first K - 1 entries are free and the last is 1 - Σ of them, so the check compares
 *   g_i - g_K, the only part of the gradient that matters on the simplex.
 */
export function checkVectorDistributionGradient(
  dist: VectorDistribution,
  x: Float64Array,
  args: readonly Float64Array[],
  k: number,
  options: GradientCheckOptions = {},
): CheckResult {
  type Block = { values: Float64Array; grad: Float64Array; kind: 'plain' | 'symmetric' | 'simplex'; n: number };
  interface Coord { block: number; entry: number; mirror: number }
  const xs = Float64Array.from(x);
  const blocks: Block[] = [];
  const coords: Coord[] = [];
  const names: string[] = [];
  const base = options.step ?? 1e-3;
  const steps: number[] = [];
  const addBlock = (values: Float64Array, kind: Block['kind'], label: string, rank: number): void => {
    const b = blocks.length;
    blocks.push({ values, grad: new Float64Array(values.length), kind, n: values.length });
    if (kind === 'simplex') {
      const last = values.length - 1;
      for (let i = 0; i < last; i++) {
        coords.push({ block: b, entry: i, mirror: last });
        names.push(`${label}[${i + 1}] (against [${last + 1}])`);
        steps.push(Math.min(base, 0.01 * Math.min(values[i]!, values[last]!)));
      }
    } else if (rank === 2) {
      const n = Math.round(Math.sqrt(values.length));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          coords.push({ block: b, entry: i * n + j, mirror: kind === 'symmetric' && i !== j ? j * n + i : -1 });
          names.push(`${label}[${i + 1},${j + 1}]`);
          steps.push(base * Math.max(1, Math.abs(values[i * n + j]!)));
        }
      }
    } else {
      for (let i = 0; i < values.length; i++) {
        coords.push({ block: b, entry: i, mirror: -1 });
        names.push(`${label}[${i + 1}]`);
        steps.push(base * Math.max(1, Math.abs(values[i]!)));
      }
    }
  };
  const support = dist.support();
  if (!dist.discrete) addBlock(xs, support.kind === 'simplex' ? 'simplex' : 'plain', 'x', 1);
  const argCopies = args.map((a) => Float64Array.from(a));
  dist.args.forEach((spec, a) => {
    const kind = spec.constraint === 'covariance' ? 'symmetric' : spec.constraint === 'simplex' ? 'simplex' : 'plain';
    addBlock(argCopies[a]!, kind, spec.name, spec.rank);
  });
  const argBlockOffset = dist.discrete ? 0 : 1;
  const gx = dist.discrete ? new Float64Array(x.length) : blocks[0]!.grad;
  const gargs = argCopies.map((_, a) => blocks[a + argBlockOffset]!.grad);

  const fg: ValueAndGradient = (p, g) => {
    coords.forEach((c, i) => {
      const blk = blocks[c.block]!;
      blk.values[c.entry] = p[i]!;
      if (blk.kind === 'symmetric' && c.mirror >= 0) blk.values[c.mirror] = p[i]!;
    });
    for (const blk of blocks) {
      if (blk.kind !== 'simplex') continue;
      let s = 0;
      for (let i = 0; i < blk.n - 1; i++) s += blk.values[i]!;
      blk.values[blk.n - 1] = 1 - s;
    }
    gx.fill(0);
    for (const blk of blocks) blk.grad.fill(0);
    const v = dist.logDensityGrad(xs, argCopies, k, gx, gargs);
    coords.forEach((c, i) => {
      const blk = blocks[c.block]!;
      const gi = blk.grad[c.entry]!;
      g[i] = c.mirror < 0 ? gi : blk.kind === 'symmetric' ? gi + blk.grad[c.mirror]! : gi - blk.grad[c.mirror]!;
    });
    return v;
  };
  const start = Float64Array.from(coords.map((c) => blocks[c.block]!.values[c.entry]!));
  const r = checkGradient(fg, start, { ...options, steps: options.steps ?? steps, names: options.names ?? names });
  return r.ok ? r : { ok: false, message: `${dist.name}: ${r.message}` };
}

/** How far x is from the nearest finite bound of a scalar support (Infinity where there is none). */
export function distanceToBound(support: Support, x: number): number {
  switch (support.kind) {
    case 'positive':
      return x;
    case 'lower':
      return x - support.lower;
    case 'upper':
      return support.upper - x;
    case 'unit':
      return Math.min(x, 1 - x);
    case 'interval':
      return Math.min(x - support.lower, support.upper - x);
    default:
      return Infinity;
  }
}
