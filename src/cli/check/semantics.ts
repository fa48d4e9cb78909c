/**
 * The model-semantics properties `amortize check` runs on a compiled model, built on the checks of
 * amortize/testing (src/testing): each is evaluated at points simulated from the model itself, so
 * they test the model where it puts its mass.
 *
 * - log density finite in support: for (θ, x) drawn from prior and simulator, the log prior, the
 *   log likelihood and their gradient are finite (a simulator producing data outside the
 *   likelihood's support, or a density that overflows, shows up here);
 * - bijector round trips: θ → u → θ and u → θ → u return where they started;
 * - gradient vs finite differences: logJointGrad (logPriorGrad without a likelihood);
 * - simulator vs density: score identities tying `simulate` to the densities (checkModelSimulator).
 */
import type { CompiledModel } from '../../lang/compiled-model.js';
import { createRng } from '../../runtime/rng.js';
import { checkModelGradient, checkModelPriorGradient, checkModelSimulator, unconstrainedNames } from '../../testing/index.js';
import type { Outcome } from './property.js';

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(5))) : String(v));

/** 'mu = 0.31, tau = 2.4' for the first few elements of θ. */
function describeTheta(model: CompiledModel, theta: Float64Array): string {
  const names = model.params.flatMap((p) => p.elementNames);
  const shown = names.slice(0, 6).map((n, i) => `${n} = ${fmt(theta[i]!)}`);
  return shown.join(', ') + (names.length > 6 ? ', …' : '');
}

export interface SimulatedPoints {
  theta: Float64Array;
  x: Float64Array;
  u: Float64Array;
  latents: Float64Array;
  n: number;
}

export function simulatePoints(model: CompiledModel, n: number, seed: number): SimulatedPoints {
  return { ...model.simulate(n, createRng(seed)), n };
}

function row(a: Float64Array, i: number, width: number): Float64Array {
  return a.subarray(i * width, (i + 1) * width);
}

export function densityFinite(model: CompiledModel, pts: SimulatedPoints): Outcome {
  const ud = model.unconstrainedDim;
  const grad = new Float64Array(ud);
  for (let i = 0; i < pts.n; i++) {
    const u = row(pts.u, i, ud);
    const x = row(pts.x, i, model.dataDim);
    const where = `at θ = (${describeTheta(model, row(pts.theta, i, model.dim))}) drawn from the prior`;
    const prior = model.logPrior(u);
    if (!Number.isFinite(prior)) return { status: 'fail', message: `the log prior is ${prior} ${where}: the prior density and the prior sampler disagree on the support` };
    if (model.hasLikelihood) {
      const lik = model.logLikelihood(u, x);
      if (!Number.isFinite(lik)) return { status: 'fail', message: `the log likelihood is ${lik} ${where}, for data simulated from that θ: the simulator produces data the likelihood calls impossible` };
      model.logJointGrad(u, x, grad);
    } else {
      model.logPriorGrad(u, grad);
    }
    const bad = unconstrainedNames(model).filter((_, k) => !Number.isFinite(grad[k]!));
    if (bad.length > 0) return { status: 'fail', message: `the gradient is not finite for ${bad.join(', ')} ${where}` };
  }
  const what = model.hasLikelihood ? 'log prior, log likelihood and gradient' : 'log prior and its gradient (no likelihood)';
  return { status: 'pass', message: `${what} finite at ${pts.n} simulated points` };
}

export function bijectorRoundTrip(model: CompiledModel, pts: SimulatedPoints, seed: number): Outcome {
  const ud = model.unconstrainedDim;
  const theta = new Float64Array(model.dim);
  const latents = new Float64Array(model.latentDim);
  const names = unconstrainedNames(model);
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));
  // θ → u → θ at prior draws.
  for (let i = 0; i < pts.n; i++) {
    const t0 = row(pts.theta, i, model.dim);
    const u = model.toUnconstrained(t0, row(pts.latents, i, model.latentDim));
    model.fromUnconstrained(u, theta, latents);
    for (let j = 0; j < model.dim; j++) {
      if (!close(theta[j]!, t0[j]!)) {
        const name = model.params.flatMap((p) => p.elementNames)[j];
        return { status: 'fail', message: `θ → u → θ does not return: ${name} = ${fmt(t0[j]!)} came back as ${fmt(theta[j]!)}` };
      }
    }
  }
  // u → θ → u at moderate unconstrained points (|u| ≤ 3, where the transforms are well conditioned).
  const rng = createRng(seed);
  const u = new Float64Array(ud);
  for (let i = 0; i < pts.n; i++) {
    for (let k = 0; k < ud; k++) u[k] = 6 * rng.uniform() - 3;
    model.fromUnconstrained(u, theta, latents);
    const back = model.toUnconstrained(theta, latents);
    for (let k = 0; k < ud; k++) {
      if (!close(back[k]!, u[k]!)) return { status: 'fail', message: `u → θ → u does not return: ${names[k]} = ${fmt(u[k]!)} came back as ${fmt(back[k]!)}` };
    }
  }
  return { status: 'pass', message: `θ → u → θ and u → θ → u return to within 1e-7 at ${2 * pts.n} points` };
}

export function gradientMatches(model: CompiledModel, pts: SimulatedPoints, count: number): Outcome {
  const ud = model.unconstrainedDim;
  for (let i = 0; i < Math.min(count, pts.n); i++) {
    const u = Float64Array.from(row(pts.u, i, ud));
    const r = model.hasLikelihood
      ? checkModelGradient(model, u, row(pts.x, i, model.dataDim), { rtol: 1e-5, atol: 1e-6 })
      : checkModelPriorGradient(model, u, { rtol: 1e-5, atol: 1e-6 });
    if (!r.ok) return { status: 'fail', message: `${model.hasLikelihood ? 'logJointGrad' : 'logPriorGrad'}: ${r.message}` };
  }
  return { status: 'pass', message: `${model.hasLikelihood ? 'logJointGrad' : 'logPriorGrad (no likelihood)'} matches central finite differences at ${Math.min(count, pts.n)} simulated points` };
}

export function simulatorMatchesDensity(model: CompiledModel, seed: number): Outcome {
  const r = checkModelSimulator(model, { seed, draws: 4000 });
  if (!r.ok) return { status: 'fail', message: r.message };
  return { status: 'pass', message: model.hasLikelihood ? 'prior and likelihood score identities hold on 4000 simulated draws' : 'prior score identities hold on 4000 simulated draws (no likelihood to compare the data with)' };
}
