/**
 * compileModel(ir, inputs) → CompiledModel.
 *
 * Pipeline: validate inputs and lower the IR to an SSA graph with concrete shapes (lower.ts),
 * generate one JavaScript factory for densities, gradients and simulation (codegen/), build it
 * once with `new Function`, and wrap it in the CompiledModel contract. Nothing on a hot path
 * walks the IR: logJointGrad is straight-line generated code over preallocated buffers.
 */
import { DataError, InferenceError } from '../errors.js';
import type { ModelIR } from '../ir.js';
import type { CompiledModel, Inputs, PortableDensity, VariableInfo } from '../compiled-model.js';
import type { Rng } from '../../runtime/rng.js';
import { lowerModel } from './lower.js';
import { generateFactory } from './codegen/factory.js';
import { fullRuntime, instantiate } from './runtime.js';
import { derivedInfo, variableInfo } from './layout.js';
import { pointwiseSize } from './codegen/factory.js';
import { fingerprint } from './fingerprint.js';
import { flattenValue, unflattenValue } from './values.js';
import type { GraphVar } from './graph.js';

export function compileModel(ir: ModelIR, inputs: Inputs = {}): CompiledModel {
  const { graph, inputs: validInputs } = lowerModel(ir, inputs);
  const source = generateFactory(graph);
  const fns = instantiate(source, fullRuntime(graph, ir.source));

  const byKind = (k: GraphVar['kind']) => graph.vars.filter((v) => v.kind === k);
  const pVars = byKind('param'), lVars = byKind('latent'), dVars = byKind('data');
  const params = pVars.map(variableInfo), latents = lVars.map(variableInfo), data = dVars.map(variableInfo);
  const sum = (vs: VariableInfo[], f: (v: VariableInfo) => number) => vs.reduce((s, v) => s + f(v), 0);
  const dim = sum(params, (v) => v.size);
  const latentDim = sum(latents, (v) => v.size);
  const dataDim = sum(data, (v) => v.size);
  const unconstrainedDim = sum([...params, ...latents], (v) => v.unconstrainedSize);
  const paramUnconstrainedDim = sum(params, (v) => v.unconstrainedSize);
  const derived = graph.derived.map(derivedInfo);
  const derivedDim = sum(derived, (v) => v.size);
  const derivedReadsData = graph.derived.find((d) => d.readsData);
  const pointwiseDim = dVars.filter((v) => v.dist).reduce((s, v) => s + pointwiseSize(v), 0) + graph.targets.filter((t) => t.likelihood).length;
  const noX = new Float64Array(0);
  const noLik = dVars.find((v) => !v.dist && !v.observed);
  const hasLikelihood = noLik === undefined;
  const noLikelihoodReason = noLik
    ? `data '${noLik.name}' is ${noLik.simulator ? `produced by the simulator ${noLik.simulator.call.label}` : 'defined by an expression'}, so the model has no likelihood`
    : undefined;
  const requireLik = (what: string): void => {
    if (!hasLikelihood) throw new InferenceError(`${what}: ${noLikelihoodReason}`);
  };
  const checkLen = (name: string, a: Float64Array, n: number): void => {
    if (!(a instanceof Float64Array) || a.length < n) {
      throw new DataError(name, 'wrong length', `Float64Array of length ${n}`, a instanceof Float64Array ? `length ${a.length}` : typeof a);
    }
  };

  /** θ and latents (one draw) → u, through the bijectors' inverses. */
  const randomVars = [...pVars, ...lVars];
  const toU = (theta: Float64Array, tOff: number, lat: Float64Array, lOff: number, u: Float64Array, uOff: number, withLatents = true): void => {
    for (const v of withLatents ? randomVars : pVars) {
      const src = v.kind === 'param' ? theta : lat;
      const off = (v.kind === 'param' ? tOff : lOff) + v.offset;
      v.bijector!.inverse(src, off, u, uOff + v.uOffset, v.size);
      for (let i = 0; i < v.uSize; i++) {
        if (Number.isNaN(u[uOff + v.uOffset + i]!)) {
          throw new DataError(v.name, 'value outside the support of its prior', JSON.stringify(v.support), Array.from(src.subarray(off, off + v.size)).join(', '));
        }
      }
    }
  };

  const simScratch = { theta: new Float64Array(dim), lat: new Float64Array(latentDim), x: new Float64Array(dataDim) };

  const model: CompiledModel = {
    inputs: Object.freeze(validInputs),
    params, latents, data, dim, latentDim, unconstrainedDim, paramUnconstrainedDim, dataDim, hasLikelihood,
    derived, derivedDim, pointwiseDim,
    ...(noLikelihoodReason ? { noLikelihoodReason } : {}),
    fingerprint: fingerprint(ir, validInputs),

    simulate(n: number, rng: Rng) {
      const theta = new Float64Array(n * dim), x = new Float64Array(n * dataDim);
      const lat = new Float64Array(n * latentDim), u = new Float64Array(n * unconstrainedDim);
      for (let i = 0; i < n; i++) {
        try {
          fns.simulate(rng, theta, i * dim, lat, i * latentDim, x, i * dataDim);
        } catch (err) {
          // The params are drawn before the data: say which θ the simulator failed at (training-set fault accounting).
          if (err && typeof err === 'object') Object.assign(err, { simulationRow: i, theta: Array.from(theta.subarray(i * dim, (i + 1) * dim)) });
          throw err;
        }
        toU(theta, i * dim, lat, i * latentDim, u, i * unconstrainedDim);
      }
      return { theta, x, latents: lat, u };
    },
    simulateData(theta: Float64Array, n: number, rng: Rng) {
      checkLen('theta', theta, n * dim);
      const x = new Float64Array(n * dataDim);
      for (let i = 0; i < n; i++) fns.simulateData(rng, theta, i * dim, x, i * dataDim);
      return x;
    },
    flattenData(values: Record<string, unknown>) {
      const names = new Set(dVars.map((v) => v.name));
      for (const k of Object.keys(values)) {
        if (!names.has(k)) throw new DataError(k, 'not a data variable of this model', `one of: ${[...names].join(', ')}`, k);
      }
      const x = new Float64Array(dataDim);
      for (const v of dVars) flattenValue(v.name, values[v.name], v.shape, v.elem, x, v.offset);
      return x;
    },
    unflattenData(x: Float64Array) {
      checkLen('x', x, dataDim);
      const out: Record<string, unknown> = {};
      for (const v of dVars) out[v.name] = unflattenValue(x, v.offset, v.shape);
      return out;
    },
    computeDerived(u, x, out) {
      checkLen('u', u, unconstrainedDim);
      checkLen('out', out, derivedDim);
      if (x === null && derivedReadsData) throw new InferenceError(`computeDerived: let '${derivedReadsData.name}' reads observed data, so x is needed`);
      if (x !== null) checkLen('x', x, dataDim);
      fns.computeDerived(u, x ?? noX, out);
    },
    pointwiseLogLikelihood(u, x, out) {
      requireLik('pointwiseLogLikelihood');
      checkLen('u', u, unconstrainedDim);
      checkLen('x', x, dataDim);
      checkLen('out', out, pointwiseDim);
      fns.pointwise(u, x, out);
    },
    logPrior: (u) => fns.logPrior(u),
    logLikelihood(u, x) {
      requireLik('logLikelihood');
      return fns.logLikelihood(u, x);
    },
    logJoint(u, x) {
      requireLik('logJoint');
      return fns.logJoint(u, x);
    },
    logJointGrad(u, x, grad) {
      requireLik('logJointGrad');
      return fns.logJointGrad(u, x, grad);
    },
    logPriorGrad: (u, grad) => fns.logPriorGrad(u, grad),
    fromUnconstrained(u, theta, lat) {
      for (const v of randomVars) {
        const out = v.kind === 'param' ? theta : lat;
        if (!out) continue;
        v.bijector!.forward(u, v.uOffset, out, v.offset, v.size);
      }
    },
    toUnconstrained(theta, lat) {
      checkLen('theta', theta, dim);
      if (latentDim > 0 && !lat) throw new DataError('latents', 'missing: this model has latent variables', `Float64Array of length ${latentDim}`, 'nothing');
      const u = new Float64Array(unconstrainedDim);
      toU(theta, 0, lat ?? new Float64Array(0), 0, u, 0);
      return u;
    },
    logParamPrior: (u) => fns.logParamPrior(u),
    logParamPriorGrad: (u, grad) => fns.logParamPriorGrad(u, grad),
    paramsFromUnconstrained(u, theta) {
      for (const v of pVars) v.bijector!.forward(u, v.uOffset, theta, v.offset, v.size);
    },
    paramsToUnconstrained(theta) {
      checkLen('theta', theta, dim);
      const u = new Float64Array(unconstrainedDim);
      toU(theta, 0, new Float64Array(latentDim), 0, u, 0, false);
      return u.slice(0, paramUnconstrainedDim);
    },
    samplePriorUnconstrained(rng, out) {
      fns.simulate(rng, simScratch.theta, 0, simScratch.lat, 0, simScratch.x, 0);
      toU(simScratch.theta, 0, simScratch.lat, 0, out, 0);
    },
    portableDensity(): PortableDensity | null {
      if (!hasLikelihood) return null;
      return { factorySource: source, constants: { ...graph.constants }, unconstrainedDim, dataDim };
    },
  };
  // For debugging and tests: the generated source (non-enumerable, not part of the contract).
  Object.defineProperty(model, 'generatedSource', { value: source, enumerable: false });
  return model;
}
