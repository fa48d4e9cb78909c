/**
 * IR + concrete inputs → SSA graph (graph.ts).
 *
 * Inputs are validated first, so every `vector[n]` becomes a number and every expression gets a
 * concrete shape here (this is the compiler's own shape inference: it runs on numbers, after the
 * front end's symbolic checks). Errors are ModelErrors naming the statement and, where the IR
 * has one, its source position.
 *
 * Built-ins: elementwise exp log log1p expm1 sqrt abs/fabs sin cos tan tanh logistic/inv_logit
 * logit softplus/log1p_exp erf Phi lgamma square inv (on scalars, vectors, matrices); pow/^,
 * + - * / .* ./ with scalar broadcasting (`*` of matrices is the matrix product, matrix * vector
 * the matrix-vector product); comparisons, && || ! and ?: (no gradient through conditions);
 * sum mean sd log_sum_exp min max (one argument: reduction; two: elementwise), dot;
 * transpose cholesky mdivide_left_tri_low; rep_vector rep_matrix zeros ones diag_matrix;
 * rows cols length/size/num_elements; 1-based indexing a[i], M[i, j], M[i] (a row) and a[ids]
 * with an int vector (gather); vector literals [a, b, c].
 */
import { DataError, ModelError } from '../errors.js';
import type { Expr, ModelIR, Loc, ValueType, DistributionCall, Stmt } from '../ir.js';
import type { Inputs } from '../compiled-model.js';
import type { Distribution, Support } from '../../runtime/distributions/types.js';
import { getDistribution } from '../../runtime/distributions/index.js';
import { bijectorFor } from '../../runtime/bijectors/index.js';
import { CONST, DATA, PARAM, shapeText, sizeOf, type Graph, type GraphVar, type Node, type Op, type Stage, type ElemBinOp } from './graph.js';
import { ELEMENTWISE, ALIASES } from './builtins.js';
import { flattenValue, describeValue, shapeOfValue } from './values.js';

export interface Lowered {
  graph: Graph;
  /** The validated inputs, as the user gave them (numbers and arrays). */
  inputs: Inputs;
}

const REDUCERS: Record<string, 'sum' | 'mean' | 'sd'> = { sum: 'sum', mean: 'mean', sd: 'sd' };

export function lowerModel(ir: ModelIR, inputs: Inputs): Lowered {
  return new Lowering(ir, inputs).run();
}

class Lowering {
  private nodes: Node[] = [];
  private vars: GraphVar[] = [];
  private constants: Record<string, number | Float64Array> = {};
  private simulators: Graph['simulators'] = [];
  private derived: Graph['derived'] = [];
  private externs: { index: number; label: string; loc: Loc; stmt: string }[] = [];
  private env = new Map<string, number>();
  private inputScalars = new Map<string, number>();
  private nConst = 0;
  private stmtName = '';

  constructor(private readonly ir: ModelIR, private readonly inputs: Inputs) {}

  run(): Lowered {
    const declared = new Set<string>();
    for (const s of this.ir.statements) if (s.kind === 'input') declared.add(s.name);
    for (const k of Object.keys(this.inputs)) {
      if (!declared.has(k)) {
        throw new DataError(k, 'not an input of this model', `one of: ${[...declared].join(', ') || '(no inputs)'}`, k);
      }
    }
    for (const s of this.ir.statements) {
      this.stmtName = s.name;
      if (this.env.has(s.name)) this.fail(`'${s.name}' is defined twice`, s.loc);
      this.statement(s);
    }
    this.assignOffsets();
    return {
      graph: { nodes: this.nodes, vars: this.vars, derived: this.derived, constants: this.constants, simulators: this.simulators },
      inputs: { ...this.inputs },
    };
  }

  // ---------------------------------------------------------------- statements

  private statement(s: Stmt): void {
    switch (s.kind) {
      case 'input': {
        const shape = this.resolveDims(s.type, s.loc);
        const value = this.inputs[s.name];
        const flat = new Float64Array(sizeOf(shape));
        flattenValue(s.name, value, shape, s.type.elem, flat, 0);
        const cname = `in_${s.name}`;
        if (shape.length === 0) {
          this.constants[cname] = flat[0]!;
          this.inputScalars.set(s.name, flat[0]!);
        } else this.constants[cname] = flat;
        this.env.set(s.name, this.add({ kind: 'const', name: cname }, shape, s.type.elem, CONST));
        return;
      }
      case 'let': {
        let id: number;
        if (s.external) {
          if (!s.type) this.fail(`let '${s.name}' comes from a TypeScript function, so it needs a declared type`, s.loc, 'let name: vector[n] = ${fn}(...)');
          const shape = this.resolveDims(s.type!, s.loc);
          const args = s.external.args.map((a) => this.expr(a));
          const index = this.simulators.length;
          this.simulators.push(s.external.fn);
          id = this.add({ kind: 'extern', index, args }, shape, s.type!.elem, this.stageOf(args) === CONST ? DATA : this.stageOf(args));
        } else {
          id = this.expr(s.value!);
          if (s.type) this.checkDeclared(s.type, id, s.loc);
        }
        const n = this.nodes[id]!;
        const offset = this.derived.reduce((t, d) => t + d.size, 0);
        this.derived.push({ name: s.name, node: id, shape: [...n.shape], size: sizeOf(n.shape), elem: n.elem, offset, readsData: this.readsData(id), external: s.external !== undefined });
        this.env.set(s.name, id);
        return;
      }
      case 'param':
      case 'latent':
        this.randomVar(s.kind, s.name, s.type, s.prior, s.loc);
        return;
      case 'data':
        if (s.density) this.randomVar('data', s.name, s.type, s.density, s.loc);
        else if (s.deterministic) {
          const id = this.expr(s.deterministic);
          const shape = s.type ? this.resolveDims(s.type, s.loc) : this.nodes[id]!.shape;
          const elem = s.type?.elem ?? this.nodes[id]!.elem;
          if (s.type) this.checkDeclared(s.type, id, s.loc);
          const v = this.newVar('data', s.name, shape, elem, { kind: 'real' });
          v.deterministic = id;
          this.env.set(s.name, v.node);
        } else if (s.simulator) {
          if (!s.type) this.fail(`data '${s.name}' comes from a simulator, so it needs a declared type`, s.loc, 'data name: vector[n] = ${fn}(...)');
          const shape = this.resolveDims(s.type!, s.loc);
          const args = s.simulator.args.map((a) => this.expr(a));
          const v = this.newVar('data', s.name, shape, s.type!.elem, { kind: 'real' });
          v.simulator = { call: s.simulator, index: this.simulators.length, args };
          this.simulators.push(s.simulator.fn);
          this.env.set(s.name, v.node);
        } else this.fail(`data '${s.name}' has neither a distribution, an expression nor a simulator`, s.loc);
        return;
    }
  }

  private randomVar(kind: 'param' | 'latent' | 'data', name: string, type: ValueType | undefined, call: DistributionCall, loc: Loc): void {
    const def = this.distribution(call);
    if (call.args.length !== def.args.length) {
      this.fail(`${call.name} takes ${def.args.length} arguments`, call.loc ?? loc,
        `${call.name}(${def.args.map((a) => a.name).join(', ')})`, `${call.args.length} arguments`);
    }
    const args = call.args.map((a) => this.expr(a));
    let shape: number[];
    let eventSize = 1;
    if (def.kind === 'scalar') {
      for (let i = 0; i < args.length; i++) {
        if (this.nodes[args[i]!]!.shape.length === 2) this.fail(`argument '${def.args[i]!.name}' of ${def.name} must be a scalar or a vector`, call.loc ?? loc, 'scalar or vector', shapeText(this.nodes[args[i]!]!.shape));
      }
      const inferred = this.broadcastShape(args, call.loc ?? loc);
      shape = type ? this.resolveDims(type, loc) : inferred;
      if (inferred.length > 0 && (shape.length !== 1 || shape[0] !== inferred[0])) {
        this.fail(`the arguments of ${def.name} have shape ${shapeText(inferred)} but '${name}' is declared ${shapeText(shape)}`, loc, shapeText(shape), shapeText(inferred));
      }
    } else {
      const argShapes = args.map((a) => this.nodes[a]!.shape);
      for (let i = 0; i < args.length; i++) {
        const want = def.args[i]!.rank;
        if (argShapes[i]!.length !== want) {
          this.fail(`argument '${def.args[i]!.name}' of ${def.name} has the wrong shape`, call.loc ?? loc, ['scalar', 'vector', 'matrix'][want], shapeText(argShapes[i]!));
        }
      }
      let k: number;
      try {
        k = def.eventSize(argShapes);
      } catch (err) {
        this.fail(`the arguments of ${def.name} do not fit together: ${(err as Error).message}`, call.loc ?? loc);
      }
      // One event (vector[k]; a scalar when k = 1, as for categorical) or i.i.d. events:
      // vector[N] of size-1 events, or matrix[N, k] with one event per row.
      shape = type ? this.resolveDims(type, loc) : k! === 1 ? [] : [k!];
      const ok = (shape.length === 0 && k! === 1) || (shape.length === 1 && (shape[0] === k! || k! === 1))
        || (shape.length === 2 && shape[1] === k!);
      if (!ok) this.fail(`'${name}' is declared ${shapeText(shape)} but ${def.name} gives a vector[${k!}]`, loc, `vector[${k!}]${k! === 1 ? ', a scalar or vector[N]' : ` or matrix[N, ${k!}]`}`, shapeText(shape));
      eventSize = k!;
    }
    if (kind !== 'data') {
      const d = args.find((a) => this.readsData(a));
      if (d !== undefined) this.fail(`the prior of ${kind} '${name}' depends on observed data; priors may use inputs, constants and other params only`, call.loc ?? loc);
    }
    const elem: 'real' | 'int' = def.discrete ? 'int' : kind === 'data' ? (type?.elem ?? 'real') : 'real';
    const support = this.supportOf(def, args, kind, name, loc);
    // Created before the variable's node: node order is evaluation order, and the term is
    // evaluated right after its variable.
    const viaCholesky = this.choleskyRewrite(def, args);
    const v = this.newVar(kind, name, shape, elem, support);
    v.dist = viaCholesky ? { ...viaCholesky, eventSize, loc: call.loc ?? loc, checkAs: { def, args } } : { def, args, eventSize, loc: call.loc ?? loc };
    if (kind !== 'data') {
      if (def.discrete) this.fail(`${kind} '${name}' has a discrete prior (${def.name}); discrete parameters are not supported`, loc);
      try {
        v.bijector = bijectorFor(support);
      } catch (err) {
        this.fail(`no bijector for the support of '${name}': ${(err as Error).message}`, loc);
      }
      v.uSize = v.bijector!.unconstrainedSize(v.size);
    }
    this.env.set(name, v.node);
  }

  /**
   * multi_normal(μ, Σ) is evaluated as multi_normal_cholesky(μ, cholesky(Σ)) — the same density,
   * since multi_normal also factors Σ and reads only its lower triangle. Why: a constant Σ is
   * then factored once, when the model is built, instead of on every call; and a Σ that depends
   * on parameters gets its gradient from the reverse-mode Cholesky (runtime/autodiff/cholesky.ts)
   * at about 2n³/3 flops, instead of forming Σ⁻¹ for ½(Σ⁻¹rrᵀΣ⁻¹ - Σ⁻¹). Argument checks for a
   * constant Σ (symmetry, positive definiteness) still use multi_normal's own checkArgs.
   */
  private choleskyRewrite(def: Distribution, args: number[]): { def: Distribution; args: number[] } | undefined {
    if (def.name !== 'multi_normal' || args.length !== 2) return undefined;
    const target = this.distribution({ name: 'multi_normal_cholesky', args: [] });
    const sigma = this.nodes[args[1]!]!;
    const L = this.add({ kind: 'cholesky', a: args[1]! }, sigma.shape, 'real', sigma.stage);
    return { def: target, args: [args[0]!, L] };
  }

  /** The support with constant arguments; a bound that depends on a non-constant is a ModelError. */
  private supportOf(def: Distribution, args: number[], kind: string, name: string, loc: Loc): Support {
    if (def.kind === 'vector') return def.support();
    const cols = args.map((a) => this.constElements(a));
    const n = Math.max(1, ...cols.map((c) => (c ? c.length : 1)));
    let first: Support | undefined;
    for (let i = 0; i < n; i++) {
      const at = (j: number): number => {
        const c = cols[j];
        return c ? (c.length === 1 ? c[0]! : c[i]!) : NaN;
      };
      const s = def.support(at(0), at(1), at(2));
      const hasNaN = Object.values(s).some((x) => typeof x === 'number' && Number.isNaN(x));
      if (hasNaN) {
        if (kind === 'data') return def.discrete ? { kind: 'integer', lower: -Infinity, upper: Infinity } : { kind: 'real' };
        this.fail(`the support of ${kind} '${name}' depends on a non-constant argument of ${def.name}; its bounds must be constants (inputs or literals)`, loc);
      }
      if (!first) first = s;
      else if (JSON.stringify(first) !== JSON.stringify(s)) {
        if (kind === 'data') return first;
        this.fail(`the elements of ${kind} '${name}' would have different supports`, loc, 'the same bounds for every element', `${JSON.stringify(first)} and ${JSON.stringify(s)}`);
      }
    }
    return first!;
  }

  private newVar(kind: GraphVar['kind'], name: string, shape: number[], elem: 'real' | 'int', support: Support): GraphVar {
    const index = this.vars.length;
    const v: GraphVar = {
      name, kind, shape, size: sizeOf(shape), elem, node: -1, offset: 0, uOffset: -1, uSize: 0, support,
    };
    this.vars.push(v);
    v.node = this.add({ kind: 'var', v: index }, shape, elem, kind === 'data' ? DATA : PARAM);
    return v;
  }

  /** θ offsets for params, latent-block offsets for latents, x offsets for data; u = params then latents. */
  private assignOffsets(): void {
    const off = { param: 0, latent: 0, data: 0 };
    for (const v of this.vars) {
      v.offset = off[v.kind];
      off[v.kind] += v.size;
    }
    let u = 0;
    for (const kind of ['param', 'latent'] as const) {
      for (const v of this.vars) {
        if (v.kind !== kind) continue;
        v.uOffset = u;
        u += v.uSize;
      }
    }
  }

  private distribution(call: DistributionCall): Distribution {
    let def: Distribution | undefined;
    try {
      def = getDistribution(call.name) as Distribution | undefined;
    } catch {
      def = undefined;
    }
    if (!def) this.fail(`unknown distribution '${call.name}'`, call.loc);
    return def!;
  }

  // ---------------------------------------------------------------- expressions

  private expr(e: Expr): number {
    switch (e.kind) {
      case 'number':
        return this.literal(e.value);
      case 'ref': {
        const id = this.env.get(e.name);
        if (id !== undefined) return id;
        if (e.name === 'pi') return this.literal(Math.PI);
        if (e.name === 'e') return this.literal(Math.E);
        return this.fail(`unknown name '${e.name}'`, e.loc);
      }
      case 'constant':
        return this.constant(e.value, e.loc);
      case 'unary': {
        const a = this.expr(e.arg);
        const n = this.nodes[a]!;
        return e.op === '-'
          ? this.add({ kind: 'neg', a }, n.shape, n.elem, n.stage)
          : this.add({ kind: 'not', a }, n.shape, 'int', n.stage);
      }
      case 'binary':
        return this.binary(e.op, this.expr(e.left), this.expr(e.right), e.loc);
      case 'call':
        return this.call(e.fn, e.args.map((a) => this.expr(a)), e.loc);
      case 'index':
        return this.index(this.expr(e.target), e.indices.map((i) => this.expr(i)), e.loc);
      case 'vector': {
        const items = e.elements.map((x) => this.expr(x));
        for (const it of items) if (this.nodes[it]!.shape.length !== 0) this.fail('the elements of a vector literal must be scalars', e.loc, 'scalar', shapeText(this.nodes[it]!.shape));
        const elem = items.every((i) => this.nodes[i]!.elem === 'int') ? 'int' : 'real';
        return this.add({ kind: 'pack', items }, [items.length], elem, this.stageOf(items));
      }
      case 'conditional': {
        const c = this.expr(e.cond);
        const a = this.expr(e.then);
        const b = this.expr(e.otherwise);
        if (this.nodes[c]!.shape.length !== 0) this.fail('the condition of ?: must be a scalar', e.loc, 'scalar', shapeText(this.nodes[c]!.shape));
        const sa = this.nodes[a]!.shape, sb = this.nodes[b]!.shape;
        if (shapeText(sa) !== shapeText(sb)) this.fail('both branches of ?: must have the same shape', e.loc, shapeText(sa), shapeText(sb));
        const elem = this.nodes[a]!.elem === 'int' && this.nodes[b]!.elem === 'int' ? 'int' : 'real';
        return this.add({ kind: 'cond', c, a, b }, sa, elem, this.stageOf([c, a, b]));
      }
    }
  }

  private literal(value: number): number {
    return this.add({ kind: 'literal', value }, [], Number.isInteger(value) ? 'int' : 'real', CONST);
  }

  private constant(value: number | number[] | number[][], loc: Loc): number {
    const name = `k${this.nConst++}`;
    const shape = shapeOfValue(value);
    if (shape === null || shape.length > 2) this.fail('an interpolated value must be a number, an array of numbers or an array of equal-length rows', loc, 'number | number[] | number[][]', describeValue(value));
    const flat = new Float64Array(sizeOf(shape!));
    flattenValue(`\${${name}}`, value, shape!, 'real', flat, 0);
    this.constants[name] = shape!.length === 0 ? flat[0]! : flat;
    const isInt = Array.from(flat).every((x) => Number.isInteger(x));
    return this.add({ kind: 'const', name }, shape!, isInt ? 'int' : 'real', CONST);
  }

  private binary(op: string, a: number, b: number, loc: Loc): number {
    const A = this.nodes[a]!, B = this.nodes[b]!;
    const ra = A.shape.length, rb = B.shape.length;
    if (op === '*' && ra > 0 && rb > 0) {
      if (ra === 2 && rb === 2) {
        if (A.shape[1] !== B.shape[0]) this.fail('matrix product with mismatched sizes', loc, `columns of left (${A.shape[1]}) = rows of right`, `${shapeText(A.shape)} * ${shapeText(B.shape)}`);
        return this.add({ kind: 'matmul', a, b }, [A.shape[0]!, B.shape[1]!], 'real', this.stageOf([a, b]));
      }
      if (ra === 2 && rb === 1) {
        if (A.shape[1] !== B.shape[0]) this.fail('matrix-vector product with mismatched sizes', loc, `vector[${A.shape[1]}]`, shapeText(B.shape));
        return this.add({ kind: 'matvec', a, b }, [A.shape[0]!], 'real', this.stageOf([a, b]));
      }
      this.fail(`'*' between ${shapeText(A.shape)} and ${shapeText(B.shape)} is not defined; use .* for elementwise or dot(a, b)`, loc);
    }
    const elemOp = ({ '.*': '*', './': '/' } as Record<string, ElemBinOp>)[op] ?? (op as ElemBinOp);
    return this.elementwise(elemOp, a, b, loc);
  }

  private elementwise(op: ElemBinOp, a: number, b: number, loc: Loc): number {
    const shape = this.broadcastShape([a, b], loc);
    const logical = ['<', '<=', '>', '>=', '==', '!=', '&&', '||'].includes(op);
    const bothInt = this.nodes[a]!.elem === 'int' && this.nodes[b]!.elem === 'int';
    const elem = logical || (bothInt && ['+', '-', '*', 'min', 'max'].includes(op)) ? 'int' : 'real';
    return this.add({ kind: 'bin', op, a, b }, shape, elem, this.stageOf([a, b]));
  }

  private call(fnName: string, args: number[], loc: Loc): number {
    const fn = ALIASES[fnName] ?? fnName;
    const shapes = args.map((a) => this.nodes[a]!.shape);
    const arity = (n: number | number[]): void => {
      const ok = Array.isArray(n) ? n.includes(args.length) : args.length === n;
      if (!ok) this.fail(`${fnName} takes ${Array.isArray(n) ? n.join(' or ') : n} argument(s)`, loc, undefined, `${args.length}`);
    };
    const needRank = (i: number, r: number): void => {
      if (shapes[i]!.length !== r) this.fail(`argument ${i + 1} of ${fnName} must be a ${['scalar', 'vector', 'matrix'][r]}`, loc, ['scalar', 'vector', 'matrix'][r], shapeText(shapes[i]!));
    };
    if (ELEMENTWISE[fn]) {
      arity(1);
      const n = this.nodes[args[0]!]!;
      return this.add({ kind: 'map', fn, a: args[0]! }, n.shape, 'real', n.stage);
    }
    switch (fn) {
      case 'pow':
        arity(2);
        return this.elementwise('^', args[0]!, args[1]!, loc);
      case 'min':
      case 'max':
      case 'log_sum_exp':
        arity([1, 2]);
        if (args.length === 2) return this.elementwise(fn === 'log_sum_exp' ? 'lse2' : fn, args[0]!, args[1]!, loc);
        if (shapes[0]!.length === 0) this.fail(`${fnName} of one argument needs a vector or matrix`, loc);
        return this.add({ kind: 'reduce', fn: fn === 'log_sum_exp' ? 'lse' : fn, a: args[0]! }, [],
          fn === 'log_sum_exp' ? 'real' : this.nodes[args[0]!]!.elem, this.stageOf(args));
      case 'sum':
      case 'mean':
      case 'sd': {
        arity(1);
        if (shapes[0]!.length === 0) this.fail(`${fnName} needs a vector or matrix`, loc, 'vector or matrix', 'scalar');
        if (fn === 'sd' && sizeOf(shapes[0]!) < 2) this.fail('sd needs at least 2 elements', loc);
        const elem = fn === 'sum' ? this.nodes[args[0]!]!.elem : 'real';
        return this.add({ kind: 'reduce', fn: REDUCERS[fn]!, a: args[0]! }, [], elem, this.stageOf(args));
      }
      case 'dot':
      case 'dot_product':
        arity(2);
        needRank(0, 1);
        needRank(1, 1);
        if (shapes[0]![0] !== shapes[1]![0]) this.fail('dot needs vectors of the same length', loc, shapeText(shapes[0]!), shapeText(shapes[1]!));
        return this.add({ kind: 'dot', a: args[0]!, b: args[1]! }, [], 'real', this.stageOf(args));
      case 'transpose':
        arity(1);
        needRank(0, 2);
        return this.add({ kind: 'transpose', a: args[0]! }, [shapes[0]![1]!, shapes[0]![0]!], this.nodes[args[0]!]!.elem, this.stageOf(args));
      case 'cholesky':
      case 'cholesky_decompose':
        arity(1);
        needRank(0, 2);
        if (shapes[0]![0] !== shapes[0]![1]) this.fail('cholesky needs a square matrix', loc, 'square matrix', shapeText(shapes[0]!));
        return this.add({ kind: 'cholesky', a: args[0]! }, shapes[0]!, 'real', this.stageOf(args));
      case 'mdivide_left_tri_low':
        arity(2);
        needRank(0, 2);
        needRank(1, 1);
        if (shapes[0]![0] !== shapes[0]![1] || shapes[0]![0] !== shapes[1]![0]) this.fail('mdivide_left_tri_low needs a square n × n matrix and a vector[n]', loc, undefined, `${shapeText(shapes[0]!)}, ${shapeText(shapes[1]!)}`);
        return this.add({ kind: 'trisolve', a: args[0]!, b: args[1]! }, shapes[1]!, 'real', this.stageOf(args));
      case 'rep_vector':
        arity(2);
        needRank(0, 0);
        return this.add({ kind: 'fill', a: args[0]! }, [this.sizeArg(args[1]!, fnName, loc)], this.nodes[args[0]!]!.elem, this.stageOf([args[0]!]));
      case 'rep_matrix':
        arity(3);
        needRank(0, 0);
        return this.add({ kind: 'fill', a: args[0]! }, [this.sizeArg(args[1]!, fnName, loc), this.sizeArg(args[2]!, fnName, loc)], this.nodes[args[0]!]!.elem, this.stageOf([args[0]!]));
      case 'zeros':
      case 'ones': {
        arity([1, 2]);
        const shape = args.map((a) => this.sizeArg(a, fnName, loc));
        return this.add({ kind: 'fill', a: this.literal(fn === 'zeros' ? 0 : 1) }, shape, 'int', CONST);
      }
      case 'diag_matrix':
        arity(1);
        needRank(0, 1);
        return this.add({ kind: 'diag', a: args[0]! }, [shapes[0]![0]!, shapes[0]![0]!], this.nodes[args[0]!]!.elem, this.stageOf(args));
      case 'rows':
      case 'cols':
        arity(1);
        needRank(0, 2);
        return this.literal(shapes[0]![fn === 'rows' ? 0 : 1]!);
      case 'length':
      case 'size':
      case 'num_elements':
        arity(1);
        return this.literal(sizeOf(shapes[0]!));
    }
    return this.fail(`unknown function '${fnName}'`, loc);
  }

  private index(a: number, idx: number[], loc: Loc): number {
    const A = this.nodes[a]!;
    for (const i of idx) {
      const I = this.nodes[i]!;
      if (I.elem !== 'int') this.fail('an index must be an integer', loc, 'int', I.elem);
      if (I.stage === PARAM) this.fail('an index cannot depend on a parameter', loc);
    }
    const stage = this.stageOf([a, ...idx]);
    if (idx.length === 1 && this.nodes[idx[0]!]!.shape.length === 1) {
      if (A.shape.length !== 1) this.fail('multiple indexing needs a vector', loc, 'vector', shapeText(A.shape));
      this.checkConstIndex(idx[0]!, A.shape[0]!, loc);
      return this.add({ kind: 'gather', a, idx: idx[0]! }, [this.nodes[idx[0]!]!.shape[0]!], A.elem, stage);
    }
    for (const i of idx) if (this.nodes[i]!.shape.length !== 0) this.fail('indices must be scalars (or one int vector)', loc);
    if (A.shape.length === 0) this.fail('cannot index a scalar', loc);
    if (idx.length > A.shape.length) this.fail(`too many indices for a ${shapeText(A.shape)}`, loc);
    idx.forEach((i, k) => this.checkConstIndex(i, A.shape[k]!, loc));
    const shape = A.shape.length === 2 && idx.length === 1 ? [A.shape[1]!] : [];
    return this.add({ kind: 'index', a, idx }, shape, A.elem, stage);
  }

  /** Constant indices are range-checked now; others are checked by the generated code. */
  private checkConstIndex(i: number, n: number, loc: Loc): void {
    const vals = this.constElements(i);
    if (!vals) return;
    for (const v of vals) if (!(v >= 1 && v <= n)) this.fail(`index ${v} is out of range`, loc, `1..${n}`, String(v));
  }

  private sizeArg(id: number, fnName: string, loc: Loc): number {
    const v = this.nodes[id]!.shape.length === 0 ? this.constScalar(id) : undefined;
    if (v === undefined || !Number.isInteger(v) || v < 0) this.fail(`the size argument of ${fnName} must be a constant non-negative integer`, loc, 'an int input or literal', v === undefined ? 'a non-constant expression' : String(v));
    return v!;
  }

  // ---------------------------------------------------------------- constants at compile time

  /** The elements of a CONST node when they can be computed here, else undefined. */
  private constElements(id: number): Float64Array | undefined {
    const n = this.nodes[id]!;
    if (n.stage !== CONST) return undefined;
    if (n.op.kind === 'const') {
      const c = this.constants[n.op.name]!;
      return typeof c === 'number' ? Float64Array.of(c) : c;
    }
    if (n.op.kind === 'pack') {
      const out = new Float64Array(n.op.items.length);
      for (let i = 0; i < out.length; i++) {
        const v = this.constScalar(n.op.items[i]!);
        if (v === undefined) return undefined;
        out[i] = v;
      }
      return out;
    }
    if (n.shape.length === 0) {
      const v = this.constScalar(id);
      return v === undefined ? undefined : Float64Array.of(v);
    }
    return undefined;
  }

  /** A small evaluator for scalar CONST expressions (sizes, support bounds, indices). */
  private constScalar(id: number): number | undefined {
    const n = this.nodes[id]!;
    if (n.stage !== CONST || n.shape.length !== 0) return undefined;
    const op: Op = n.op;
    switch (op.kind) {
      case 'literal': return op.value;
      case 'const': { const c = this.constants[op.name]; return typeof c === 'number' ? c : undefined; }
      case 'neg': { const a = this.constScalar(op.a); return a === undefined ? undefined : -a; }
      case 'bin': {
        const a = this.constScalar(op.a), b = this.constScalar(op.b);
        if (a === undefined || b === undefined) return undefined;
        switch (op.op) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/': return a / b;
          case '^': return Math.pow(a, b);
          case 'min': return Math.min(a, b);
          case 'max': return Math.max(a, b);
          default: return undefined;
        }
      }
      case 'map': {
        const a = this.constScalar(op.a);
        const f: Record<string, (x: number) => number> = { exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs, square: (x) => x * x };
        return a === undefined || !f[op.fn] ? undefined : f[op.fn]!(a);
      }
      case 'index': {
        const arr = this.constElements(op.a);
        const A = this.nodes[op.a]!;
        const ix = op.idx.map((i) => this.constScalar(i));
        if (!arr || ix.some((i) => i === undefined)) return undefined;
        return A.shape.length === 1 ? arr[ix[0]! - 1] : arr[(ix[0]! - 1) * A.shape[1]! + ix[1]! - 1];
      }
      case 'reduce': {
        const arr = this.constElements(op.a);
        if (!arr) return undefined;
        if (op.fn === 'sum') return arr.reduce((s, x) => s + x, 0);
        if (op.fn === 'min') return Math.min(...arr);
        if (op.fn === 'max') return Math.max(...arr);
        return undefined;
      }
      default: return undefined;
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Whether a node's value depends on a data variable (memoised walk over the graph). */
  private readsData(id: number, seen = new Map<number, boolean>()): boolean {
    const known = seen.get(id);
    if (known !== undefined) return known;
    const n = this.nodes[id]!;
    let r = false;
    if (n.stage !== CONST) {
      const op = n.op;
      if (op.kind === 'var') r = this.vars[op.v]!.kind === 'data';
      else r = Object.values(op).some((x) => (typeof x === 'number' && op.kind !== 'literal' ? this.readsData(x, seen)
        : Array.isArray(x) ? x.some((y) => this.readsData(y, seen)) : false));
    }
    seen.set(id, r);
    return r;
  }

  private add(op: Op, shape: number[], elem: 'real' | 'int', stage: Stage): number {
    const id = this.nodes.length;
    this.nodes.push({ id, shape, elem, stage, op, label: this.stmtName });
    return id;
  }

  private stageOf(ids: number[]): Stage {
    let s: Stage = CONST;
    for (const i of ids) if (this.nodes[i]!.stage > s) s = this.nodes[i]!.stage;
    return s;
  }

  /** Scalars broadcast against anything; otherwise shapes must be equal. */
  private broadcastShape(ids: number[], loc: Loc): number[] {
    let shape: number[] = [];
    for (const i of ids) {
      const s = this.nodes[i]!.shape;
      if (s.length === 0) continue;
      if (shape.length === 0) shape = s;
      else if (shapeText(s) !== shapeText(shape)) this.fail('shapes do not match', loc, shapeText(shape), shapeText(s));
    }
    return shape;
  }

  private resolveDims(type: ValueType, loc: Loc): number[] {
    return type.dims.map((d) => {
      if (d.kind === 'const') return d.value;
      const v = this.inputScalars.get(d.name);
      if (v === undefined) {
        if (!(d.name in this.inputs)) throw new DataError(d.name, `missing input (it gives the size of '${this.stmtName}')`, 'an int', 'nothing');
        this.fail(`size '${d.name}' must be a scalar int input declared before '${this.stmtName}'`, d.loc ?? loc);
      }
      if (!Number.isInteger(v) || v! < 0) throw new DataError(d.name, `a size must be a non-negative integer`, 'int >= 0', String(v));
      return v!;
    });
  }

  private checkDeclared(type: ValueType, id: number, loc: Loc): void {
    const want = this.resolveDims(type, loc);
    const got = this.nodes[id]!.shape;
    if (shapeText(want) !== shapeText(got)) this.fail(`'${this.stmtName}' is declared ${shapeText(want)} but its value is ${shapeText(got)}`, loc, shapeText(want), shapeText(got));
  }

  private fail(problem: string, loc?: Loc, expected?: string, found?: string): never {
    const where = this.stmtName ? ` (in '${this.stmtName}')` : '';
    throw new ModelError(problem + where, loc, this.ir.source, expected, found);
  }
}
