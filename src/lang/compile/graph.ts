/**
 * The compiler's middle representation: a straight-line SSA graph with concrete shapes.
 *
 * Lowering (lower.ts) turns the IR into these nodes once the inputs are known, so every shape
 * is a number and every node can be given a preallocated buffer. Code generation (codegen.ts)
 * walks the nodes in id order, which is a topological order because a node only refers to
 * nodes created before it.
 *
 * Stages decide where a node's code goes: CONST nodes (inputs, interpolated values, literals
 * and anything computed only from them) run once when the generated factory is instantiated;
 * DATA nodes depend on x and run per call without adjoints; PARAM nodes depend on u (or, when
 * simulating, on sampled values) and are the only ones with adjoints.
 */
import type { Distribution, Support } from '../../runtime/distributions/types.js';
import type { Bijector } from '../../runtime/bijectors/types.js';
import type { SimulatorCall, Loc } from '../ir.js';

export const CONST = 0;
export const DATA = 1;
export const PARAM = 2;
export type Stage = typeof CONST | typeof DATA | typeof PARAM;

/** Elementwise binary operators (with scalar broadcasting). Comparisons and logic give 0/1. */
export type ElemBinOp = '+' | '-' | '*' | '/' | '^' | 'min' | 'max' | 'lse2'
  | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type ReduceFn = 'sum' | 'mean' | 'lse' | 'sd' | 'min' | 'max';

export type Op =
  /** A scalar literal, inlined in the generated source. */
  | { kind: 'literal'; value: number }
  /** A closure constant (an input or an interpolated value), by name in the constants table. */
  | { kind: 'const'; name: string }
  /** The value of a param, latent or data variable (index into Graph.vars). */
  | { kind: 'var'; v: number }
  | { kind: 'map'; fn: string; a: number }
  | { kind: 'neg'; a: number }
  | { kind: 'not'; a: number }
  | { kind: 'bin'; op: ElemBinOp; a: number; b: number }
  | { kind: 'matmul'; a: number; b: number }
  | { kind: 'matvec'; a: number; b: number }
  | { kind: 'transpose'; a: number }
  | { kind: 'cholesky'; a: number }
  /** L \ b for lower-triangular L (mdivide_left_tri_low). */
  | { kind: 'trisolve'; a: number; b: number }
  | { kind: 'reduce'; fn: ReduceFn; a: number }
  | { kind: 'dot'; a: number; b: number }
  /** a[i] (vector → scalar), a[i, j] (matrix → scalar) or a[i] (matrix → row vector); 1-based. */
  | { kind: 'index'; a: number; idx: number[] }
  /** a[ids] with an int vector of 1-based indices: a gather. */
  | { kind: 'gather'; a: number; idx: number }
  | { kind: 'pack'; items: number[] }
  /** Every element set to scalar a (rep_vector, rep_matrix, zeros, ones). */
  | { kind: 'fill'; a: number }
  | { kind: 'diag'; a: number }
  | { kind: 'cond'; c: number; a: number; b: number }
  /**
   * A TypeScript function computing a `let` (`let y: T = ${fn}(args)`), called as fn(...args)
   * with plain numbers and arrays; index into Graph.simulators. It has no derivative, so only
   * derived outputs may use it (the factory refuses it inside a density).
   */
  | { kind: 'extern'; index: number; args: number[] }
  /**
   * Σ log p(x | args) of a scalar distribution over the broadcast elements (Stan's
   * `normal_lpdf(y | mu, sigma)`): args[0] is x. A scalar node.
   */
  | { kind: 'lpdf'; dist: string; args: number[]; n: number };

export interface Node {
  id: number;
  shape: number[];
  elem: 'real' | 'int';
  stage: Stage;
  op: Op;
  /** For error messages from generated code (index out of range, ...). */
  label: string;
}

export interface DistUse {
  def: Distribution;
  /** Argument nodes, in the distribution's argument order. */
  args: number[];
  /** Vector distributions: the event size k (the value holds size / k i.i.d. events). */
  eventSize: number;
  /** When the density is evaluated through a rewrite, the distribution and arguments as written (for checkArgs). */
  checkAs?: { def: Distribution; args: number[] };
  loc?: Loc;
}

/** A param, latent or data variable with its place in θ / latents / u / x. */
export interface GraphVar {
  name: string;
  kind: 'param' | 'latent' | 'data';
  shape: number[];
  size: number;
  elem: 'real' | 'int';
  node: number;
  /** Offset in θ, latents or x. */
  offset: number;
  uOffset: number;
  uSize: number;
  support: Support;
  bijector?: Bijector;
  dist?: DistUse;
  /** `data y = expr`: the expression's node. */
  deterministic?: number;
  /** `data y = ${fn}(args)`. */
  simulator?: { call: SimulatorCall; index: number; args: number[] };
  /** A param/latent with no prior: a flat (improper) prior over its support. */
  flat?: boolean;
  /** Data declared with a type only, observed through `target +=` / `y ~ ...` statements. */
  observed?: boolean;
  /** Declared bounds narrower than the prior's support: simulation draws by rejection. */
  truncated?: boolean;
}

/** A `target += e` term (also `x ~ dist(...)` on an existing name). */
export interface TargetTerm {
  node: number;
  /** Reads observed data: a likelihood term; otherwise part of the prior. */
  likelihood: boolean;
}

/** A `let` (a derived quantity) with its place in the derived-output vector. */
export interface DerivedVar {
  name: string;
  node: number;
  shape: number[];
  size: number;
  elem: 'real' | 'int';
  offset: number;
  /** True when the value reads a data variable (computeDerived then needs x). */
  readsData: boolean;
  /** True when the value comes from a TypeScript function (`let y: T = ${fn}(args)`): output only. */
  external: boolean;
}

export interface Graph {
  nodes: Node[];
  vars: GraphVar[];
  /** Every `let`, in source order. */
  derived: DerivedVar[];
  /** `target +=` terms in execution order (loops unrolled). */
  targets: TargetTerm[];
  /** Closure constants by name (inputs as `in_<name>`, interpolated values as `k<i>`). */
  constants: Record<string, number | Float64Array>;
  /** Interpolated TS simulator functions, by index (not portable). */
  simulators: SimulatorCall['fn'][];
}

export function sizeOf(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

export function shapeText(shape: readonly number[]): string {
  if (shape.length === 0) return 'scalar';
  if (shape.length === 1) return `vector[${shape[0]}]`;
  return `matrix[${shape[0]}, ${shape[1]}]`;
}
