/**
 * The `runtime` object a generated factory receives. The density part (distributions,
 * bijectors, autodiff, constants) is all a worker needs (see src/runtime/portable.ts); the
 * simulation part (TS simulator functions and their argument/result conversion) exists only on
 * the thread that compiled the model.
 */
import { DataError, InferenceError, ModelError } from '../errors.js';
import { getDistribution } from '../../runtime/distributions/index.js';
import { bijectorFor } from '../../runtime/bijectors/index.js';
import { autodiffRuntime } from '../../runtime/autodiff/index.js';
import type { Graph, GraphVar } from './graph.js';
import { shapeText } from './graph.js';
import { describeValue, flattenValue, unflattenValue } from './values.js';

export interface GeneratedFns {
  logPrior(u: Float64Array): number;
  logPriorGrad(u: Float64Array, grad: Float64Array): number;
  logLikelihood(u: Float64Array, x: Float64Array): number;
  logJoint(u: Float64Array, x: Float64Array): number;
  logJointGrad(u: Float64Array, x: Float64Array, grad: Float64Array): number;
  logParamPrior(u: Float64Array): number;
  logParamPriorGrad(u: Float64Array, grad: Float64Array): number;
  simulate(rng: unknown, theta: Float64Array, tOff: number, lat: Float64Array, lOff: number, x: Float64Array, xOff: number): void;
  simulateData(rng: unknown, thIn: Float64Array, tiOff: number, x: Float64Array, xOff: number): void;
  computeDerived(u: Float64Array, x: Float64Array, out: Float64Array): void;
  pointwise(u: Float64Array, x: Float64Array, out: Float64Array): void;
}

/** The density-only runtime: what a worker thread can rebuild from plain data. */
export function densityRuntime(constants: Record<string, unknown>) {
  return {
    getDistribution,
    bijectorFor,
    ad: autodiffRuntime,
    constants,
    argError: (e: unknown, name: string) => new ModelError(`${name}: ${(e as Error).message}`),
    inferenceError: (message: string) => new InferenceError(message),
  };
}

/** Evaluates factory source once (`new Function`), giving the generated functions. */
export function instantiate(source: string, runtime: object): GeneratedFns {
  const factory = new Function(`return (${source});`)() as (rt: object) => GeneratedFns;
  return factory(runtime);
}

/** The full runtime for the compiling thread, with simulator support. */
export function fullRuntime(graph: Graph, source?: string) {
  const bySim = new Map<number, GraphVar>();
  for (const v of graph.vars) if (v.simulator) bySim.set(v.simulator.index, v);
  const byExtern = new Map<number, { name: string; shape: number[]; elem: 'real' | 'int' }>();
  for (const d of graph.derived) {
    const op = graph.nodes[d.node]!.op;
    if (op.kind === 'extern') byExtern.set(op.index, d);
  }
  return {
    ...densityRuntime(graph.constants),
    argError: (e: unknown, name: string) => {
      const v = graph.vars.find((x) => x.name === name);
      return new ModelError(`${(e as Error).message} (in '${name}')`, v?.dist?.loc, source);
    },
    simulators: graph.simulators,
    /** Simulators get plain numbers and arrays (copies: our buffers are reused). */
    simArg: (buf: Float64Array, shape: number[]) => unflattenValue(buf, 0, shape),
    /** A TypeScript `let` function's result, validated against the declared type. */
    externOutput: (value: unknown, index: number, out: Float64Array) => {
      const d = byExtern.get(index)!;
      try {
        flattenValue(d.name, value, d.shape, d.elem, out, 0);
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        throw new ModelError(`the TypeScript function for let '${d.name}' returned a value of the wrong shape or type: ${err.problem}`,
          undefined, source, `${d.elem === 'int' ? 'int ' : ''}${shapeText(d.shape)}`, err.found ?? describeValue(value));
      }
    },
    simOutput: (value: unknown, index: number, x: Float64Array, off: number) => {
      const v = bySim.get(index)!;
      try {
        flattenValue(v.name, value, v.shape, v.elem, x, off);
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        throw new ModelError(
          `the simulator ${v.simulator!.call.label} for data '${v.name}' returned a value of the wrong shape or type: ${err.problem}`,
          v.simulator!.call.loc, source, `${v.elem === 'int' ? 'int ' : ''}${shapeText(v.shape)}`, err.found ?? describeValue(value),
        );
      }
    },
  };
}
