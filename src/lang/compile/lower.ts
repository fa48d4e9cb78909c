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
import type { Expr, ModelIR, Loc, ValueType, DistributionCall, Stmt, FunctionStmt } from '../ir.js';
import type { Inputs } from '../compiled-model.js';
import type { Distribution, Support } from '../../runtime/distributions/types.js';
import { getDistribution } from '../../runtime/distributions/index.js';
import { bijectorFor } from '../../runtime/bijectors/index.js';
import { CONST, DATA, PARAM, shapeText, sizeOf, type Graph, type GraphVar, type Node, type Op, type Stage, type ElemBinOp, type TargetTerm } from './graph.js';
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
  private env = new Env();
  private targets: TargetTerm[] = [];
  private functions = new Map<string, FunctionStmt>();
  /** Top-level lets in source order; their final values (after any assignments) become derived outputs. */
  private lets: { name: string; external: boolean }[] = [];
  /** Inside an inlined function: the returned node, once `return` has run. */
  private returned: number | undefined;
  private inFunction = 0;
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
      if (s.kind !== 'assign' && s.kind !== 'target' && s.kind !== 'for' && s.kind !== 'if' && this.env.has(s.name)) this.fail(`'${s.name}' is defined twice`, s.loc);
      this.statement(s);
    }
    this.finishDerived();
    this.assignOffsets();
    return {
      graph: { nodes: this.nodes, vars: this.vars, derived: this.derived, targets: this.targets, constants: this.constants, simulators: this.simulators },
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
      case 'let':
        if (this.inBlock > 0) return this.local(s.name, s.type, s.value, s.loc);
        this.lets.push({ name: s.name, external: s.external !== undefined });
        if (!s.value && !s.external) return this.local(s.name, s.type, undefined, s.loc);
        {
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
        this.env.set(s.name, id);
        return;
        }
      case 'param':
      case 'latent':
        if (this.inBlock > 0) this.fail(`${s.kind} '${s.name}' must be declared at the top level, not inside a block`, s.loc);
        if (!s.prior) this.flatVar(s.kind, s.name, s.type, s.loc);
        else this.randomVar(s.kind, s.name, s.type, s.prior, s.loc);
        return;
      case 'local':
        return this.local(s.name, s.type, s.value, s.loc);
      case 'assign':
        return this.assign(s.name, s.indices, s.op, s.value, s.loc);
      case 'target': {
        let id = this.expr(s.value);
        if (this.nodes[id]!.shape.length > 0) id = this.add({ kind: 'reduce', fn: 'sum', a: id }, [], 'real', this.nodes[id]!.stage);
        if (this.inFunction > 0) this.fail('target += is not allowed inside a function (functions are pure)', s.loc);
        this.targets.push({ node: id, likelihood: this.readsData(id) });
        return;
      }
      case 'for': {
        const from = this.constInt(s.from, 'the start of a for loop', s.loc);
        const to = this.constInt(s.to, 'the end of a for loop', s.loc);
        for (let i = from; i <= to && this.returned === undefined; i++) {
          this.env.push();
          this.env.set(s.name, this.literal(i));
          this.block(s.body);
          this.env.pop();
        }
        return;
      }
      case 'if': {
        const c = this.expr(s.cond);
        const v = this.nodes[c]!.shape.length === 0 ? this.constScalar(c) : undefined;
        if (v === undefined) this.fail('the condition of an if must be known before sampling (built from inputs, constants and loop variables); for a value that depends on parameters use c ? a : b', s.cond.loc ?? s.loc);
        this.env.push();
        this.block(v !== 0 ? s.then : s.otherwise);
        this.env.pop();
        return;
      }
      case 'function':
        if (this.inBlock > 0) this.fail('functions are defined at the top level', s.loc);
        this.functions.set(s.name, s);
        this.env.set(s.name, this.literal(NaN)); // reserves the name
        return;
      case 'return':
        if (this.inFunction === 0) this.fail('return outside a function', s.loc);
        this.returned = this.expr(s.value);
        return;
      case 'data':
        if (this.inBlock > 0) this.fail(`data '${s.name}' must be declared at the top level`, s.loc);
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
        } else if (s.type) {
          // Observed through target += / `y ~ ...` statements below.
          const v = this.newVar('data', s.name, this.resolveDims(s.type, s.loc), s.type.elem, { kind: 'real' });
          v.observed = true;
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
    // Stan: the declared type sets the support; a prior over a wider support is truncated to it.
    const declared = kind === 'data' ? undefined : this.declaredSupport(type, name, loc);
    const priorSupport = declared ? (() => { try { return this.supportOf(def, args, kind, name, loc); } catch { return undefined; } })() : undefined;
    const support = declared ?? this.supportOf(def, args, kind, name, loc);
    const truncated = declared !== undefined && JSON.stringify(declared) !== JSON.stringify(priorSupport);
    // Created before the variable's node: node order is evaluation order, and the term is
    // evaluated right after its variable.
    const viaCholesky = this.choleskyRewrite(def, args);
    const v = this.newVar(kind, name, shape, elem, support);
    if (truncated) v.truncated = true;
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

  // ---------------------------------------------------------------- block statements

  private get inBlock(): number {
    return this.env.depth - 1;
  }

  private block(stmts: Stmt[]): void {
    const outer = this.stmtName;
    for (const s of stmts) {
      if (this.returned !== undefined) break;
      if ((s.kind === 'let' || s.kind === 'local') && this.env.hasHere(s.name)) this.fail(`'${s.name}' is defined twice in this block`, s.loc);
      this.statement(s);
    }
    this.stmtName = outer;
  }

  /** A compile-time integer (loop bounds): literals, inputs, loop variables and arithmetic on them. */
  private constInt(e: Expr, what: string, loc: Loc): number {
    const id = this.expr(e);
    const v = this.nodes[id]!.shape.length === 0 ? this.constScalar(id) : undefined;
    if (v === undefined || !Number.isInteger(v)) this.fail(`${what} must be an integer known before sampling (inputs, literals, loop variables)`, e.loc ?? loc, 'an int', v === undefined ? 'a value that depends on params or data' : String(v));
    return v!;
  }

  /** `let`/`local` in a block, or a top-level let without a value: a cell, or a plain binding. */
  private local(name: string, type: ValueType | undefined, value: Expr | undefined, loc: Loc): void {
    if (value) {
      const id = this.expr(value);
      if (type) this.checkDeclared(type, id, loc);
      this.env.set(name, id);
      return;
    }
    if (!type) this.fail(`'${name}' has no value, so it needs a declared type`, loc, `${name}: vector[n]`);
    const shape = this.resolveDims(type!, loc);
    const nan = this.literal(NaN);
    this.env.set(name, { cell: true, shape, elem: type!.elem, elems: new Array<number>(sizeOf(shape)).fill(nan) });
  }

  /** The cell behind a name, converting an immutable let/local into one on its first assignment. */
  private cellOf(name: string, loc: Loc): Cell {
    const b = this.env.lookup(name);
    if (b === undefined) this.fail(`unknown name '${name}'`, loc);
    if (isCell(b)) return b;
    const n = this.nodes[b as number]!;
    if (n.op.kind === 'var' || n.op.kind === 'const') {
      const what = n.op.kind === 'var' ? this.vars[n.op.v]!.kind : 'input';
      this.fail(`cannot assign to ${what} '${name}'; only let and local variables can be assigned`, loc);
    }
    const cell: Cell = { cell: true, shape: [...n.shape], elem: n.elem, elems: this.elementsOf(b as number) };
    this.env.rebind(name, cell);
    return cell;
  }

  /** Scalar nodes for every element of a node (the node itself for a scalar). */
  private elementsOf(id: number): number[] {
    const n = this.nodes[id]!;
    if (n.shape.length === 0) return [id];
    if (n.op.kind === 'pack') return [...n.op.items];
    const out: number[] = [];
    if (n.shape.length === 1) for (let i = 1; i <= n.shape[0]!; i++) out.push(this.add({ kind: 'index', a: id, idx: [this.literal(i)] }, [], n.elem, n.stage));
    else for (let i = 1; i <= n.shape[0]!; i++) for (let j = 1; j <= n.shape[1]!; j++) out.push(this.add({ kind: 'index', a: id, idx: [this.literal(i), this.literal(j)] }, [], n.elem, n.stage));
    return out;
  }

  private cellValue(c: Cell): number {
    if (c.shape.length === 0) return c.elems[0]!;
    if (c.packed === undefined) {
      const elem = c.elem === 'int' && c.elems.every((e) => this.nodes[e]!.elem === 'int') ? 'int' : 'real';
      c.packed = this.add({ kind: 'pack', items: [...c.elems] }, [...c.shape], elem, this.stageOf(c.elems));
    }
    return c.packed;
  }

  /**
   * Flat 0-based element positions selected by index items (constants and slices), with the
   * shape of the selection; undefined when an index is not known before sampling.
   */
  private selection(shape: number[], indices: Expr[], loc: Loc): { pos: number[]; shape: number[] } | undefined {
    if (indices.length > shape.length) this.fail(`too many indices for a ${shapeText(shape)}`, loc);
    const perDim: number[][] = [];
    const outShape: number[] = [];
    for (let k = 0; k < shape.length; k++) {
      const n = shape[k]!;
      const e = indices[k];
      if (!e) { perDim.push(Array.from({ length: n }, (_, i) => i)); outShape.push(n); continue; }
      if (e.kind === 'slice') {
        const a = e.from ? this.constInt(e.from, 'a slice bound', loc) : 1;
        const b = e.to ? this.constInt(e.to, 'a slice bound', loc) : n;
        if (a < 1 || b > n || b < a - 1) this.fail(`slice ${a}:${b} is out of range`, e.loc ?? loc, `within 1..${n}`, `${a}:${b}`);
        perDim.push(Array.from({ length: b - a + 1 }, (_, i) => a - 1 + i));
        outShape.push(b - a + 1);
        continue;
      }
      const id = this.expr(e);
      if (this.nodes[id]!.shape.length !== 0) return undefined;
      const v = this.constScalar(id);
      if (v === undefined) return undefined;
      if (!Number.isInteger(v) || v < 1 || v > n) this.fail(`index ${v} is out of range`, e.loc ?? loc, `1..${n}`, String(v));
      perDim.push([v - 1]);
    }
    const pos: number[] = [];
    if (shape.length === 1) pos.push(...perDim[0]!);
    else for (const i of perDim[0]!) for (const j of perDim[1]!) pos.push(i * shape[1]! + j);
    // Stan: a single index into a matrix is a row; a one-element slice keeps its dimension.
    return { pos, shape: outShape };
  }

  private assign(name: string, indices: Expr[], op: '=' | '+=', valueExpr: Expr, loc: Loc): void {
    const cell = this.cellOf(name, loc);
    let value = this.expr(valueExpr);
    const sel = indices.length === 0 ? { pos: cell.elems.map((_, i) => i), shape: cell.shape } : this.selection(cell.shape, indices, loc);
    if (!sel) this.fail(`the indices of an assignment to '${name}' must be known before sampling (inputs, literals, loop variables)`, loc);
    const vShape = this.nodes[value]!.shape;
    if (op === '+=') {
      const cur = this.packSelection(cell, sel!);
      value = this.binary('+', cur, value, loc);
    }
    const vals = this.nodes[value]!.shape.length === 0 && sel!.pos.length === 1 ? [value]
      : vShape.length === 0 && sel!.shape.length > 0 ? sel!.pos.map(() => value) : this.elementsOf(value);
    if (vals.length !== sel!.pos.length || (vShape.length > 0 && sizeOf(vShape) !== sel!.pos.length)) {
      this.fail(`cannot assign a ${shapeText(vShape)} to ${sel!.pos.length === 1 ? 'one element' : shapeText(sel!.shape)} of '${name}'`, loc, shapeText(sel!.shape), shapeText(vShape));
    }
    if (cell.elem === 'int' && vals.some((v) => this.nodes[v]!.elem !== 'int')) this.fail(`'${name}' is int but the value is real`, loc, 'int', 'real');
    sel!.pos.forEach((p, k) => { cell.elems[p] = vals[k]!; });
    cell.packed = undefined;
  }

  private packSelection(cell: Cell, sel: { pos: number[]; shape: number[] }): number {
    if (sel.shape.length === 0) return cell.elems[sel.pos[0]!]!;
    const items = sel.pos.map((p) => cell.elems[p]!);
    return this.add({ kind: 'pack', items }, sel.shape, cell.elem, this.stageOf(items));
  }

  /** Indexing with slices or into a cell: element nodes picked at compile time. */
  private indexExpr(e: Extract<Expr, { kind: 'index' }>): number {
    const hasSlice = e.indices.some((i) => i.kind === 'slice');
    const cell = e.target.kind === 'ref' ? this.env.lookup(e.target.name) : undefined;
    if (isCell(cell)) {
      const sel = this.selection(cell.shape, e.indices, e.loc);
      if (sel) return this.packSelection(cell, sel);
      if (hasSlice) this.fail('slice bounds must be known before sampling', e.loc);
      return this.index(this.cellValue(cell), e.indices.map((i) => this.expr(i)), e.loc);
    }
    const target = this.expr(e.target);
    if (!hasSlice) return this.index(target, e.indices.map((i) => this.expr(i)), e.loc);
    const T = this.nodes[target]!;
    const sel = this.selection(T.shape, e.indices, e.loc);
    if (!sel) this.fail('indices next to a slice must be known before sampling', e.loc);
    const consts = this.constElements(target);
    if (consts) {
      // A slice of a constant: a new constant, computed now.
      const name = `k${this.nConst++}`;
      this.constants[name] = Float64Array.from(sel!.pos, (p) => consts[p]!);
      return this.add({ kind: 'const', name }, sel!.shape, T.elem, CONST);
    }
    const elems = this.elementsOf(target);
    const items = sel!.pos.map((p) => elems[p]!);
    if (sel!.shape.length === 0) return items[0]!;
    return this.add({ kind: 'pack', items }, sel!.shape, T.elem, this.stageOf(items));
  }

  /** A user function call: the body is inlined with the arguments bound (pure: it sees only its arguments). */
  private callFunction(f: FunctionStmt, args: number[], loc: Loc): number {
    if (args.length !== f.args.length) this.fail(`${f.name} takes ${f.args.length} arguments`, loc, `${f.name}(${f.args.map((a) => a.name).join(', ')})`, `${args.length} arguments`);
    if (this.inFunction > 50) this.fail(`${f.name}: functions nested more than 50 deep (recursion is not supported)`, loc);
    const scope = new Map<string, Binding>();
    f.args.forEach((a, k) => {
      const got = this.nodes[args[k]!]!;
      if (got.shape.length !== a.type.dims.length) this.fail(`argument '${a.name}' of ${f.name} has the wrong shape`, loc, ['real', 'vector', 'matrix'][a.type.dims.length], shapeText(got.shape));
      if (a.type.elem === 'int' && got.elem !== 'int') this.fail(`argument '${a.name}' of ${f.name} must be an int`, loc, 'int', 'real');
      scope.set(a.name, args[k]!);
    });
    for (const [name, g] of this.functions) scope.set(name, this.literal(NaN)), void g;
    const saved = this.env.swap([scope, new Map()]);
    const savedReturn = this.returned;
    this.returned = undefined;
    this.inFunction++;
    try {
      this.block(f.body);
    } finally {
      this.inFunction--;
      this.env.swap(saved);
    }
    const r = this.returned;
    this.returned = savedReturn;
    if (r === undefined) this.fail(`function ${f.name} ended without return`, f.loc);
    if (f.returns && this.nodes[r!]!.shape.length !== f.returns.dims.length) this.fail(`${f.name} is declared to return ${['real', 'vector', 'matrix'][f.returns.dims.length]} but returned ${shapeText(this.nodes[r!]!.shape)}`, f.loc);
    return r!;
  }

  /** `name_lpdf(x | args)`: Σ log p over broadcast elements of a scalar distribution. */
  private lpdfCall(fnName: string, args: number[], loc: Loc): number {
    const dname = fnName.replace(LPDF_SUFFIX, '');
    const def = this.distribution({ name: dname, args: [], ...(loc ? { loc } : {}) });
    if (def.kind !== 'scalar') this.fail(`${fnName}: only scalar distributions can be called as a function here; write the multivariate density with ~`, loc);
    if (args.length !== def.args.length + 1) this.fail(`${fnName} takes ${def.args.length + 1} arguments`, loc, `${fnName}(x | ${def.args.map((a) => a.name).join(', ')})`, `${args.length} arguments`);
    for (const a of args) if (this.nodes[a]!.shape.length === 2) this.fail(`${fnName}: matrix arguments are not supported`, loc, 'scalar or vector', 'matrix');
    const shape = this.broadcastShape(args, loc);
    return this.add({ kind: 'lpdf', dist: def.name, args, n: sizeOf(shape) }, [], 'real', this.stageOf(args));
  }

  /** Top-level lets, with their final values, become the derived outputs. */
  private finishDerived(): void {
    let offset = 0;
    for (const l of this.lets) {
      const b = this.env.lookup(l.name)!;
      const id = isCell(b) ? this.cellValue(b) : b;
      const n = this.nodes[id]!;
      this.derived.push({ name: l.name, node: id, shape: [...n.shape], size: sizeOf(n.shape), elem: n.elem, offset, readsData: this.readsData(id), external: l.external });
      offset += sizeOf(n.shape);
    }
  }

  /** A param/latent without a prior: flat over the declared support. */
  private flatVar(kind: 'param' | 'latent', name: string, type: ValueType | undefined, loc: Loc): void {
    const shape = type ? this.resolveDims(type, loc) : [];
    if (type?.elem === 'int') this.fail(`${kind} '${name}' is declared int; parameters are continuous`, loc);
    const support = this.declaredSupport(type, name, loc) ?? { kind: 'real' as const };
    const v = this.newVar(kind, name, shape, 'real', support);
    v.flat = true;
    try {
      v.bijector = bijectorFor(support);
    } catch (err) {
      this.fail(`no bijector for the support of '${name}': ${(err as Error).message}`, loc);
    }
    v.uSize = v.bijector!.unconstrainedSize(v.size);
    this.env.set(name, v.node);
  }

  /** The support a declared type gives (`real<lower=0>`, `simplex[K]`), or undefined when it gives none. */
  private declaredSupport(type: ValueType | undefined, name: string, loc: Loc): Support | undefined {
    if (!type) return undefined;
    if (type.constraint) {
      if (type.constraint === 'simplex') return { kind: 'simplex' };
      this.fail(`${type.constraint} is not supported yet (in '${name}')`, loc, 'real, vector or matrix with bounds, or simplex', type.constraint);
    }
    if (type.lower === undefined && type.upper === undefined) return undefined;
    const bound = (e: Expr | undefined, what: string): number | undefined => {
      if (!e) return undefined;
      const id = this.expr(e);
      const els = this.constElements(id);
      if (!els) this.fail(`the ${what} bound of '${name}' must be a constant (inputs and literals); bounds that depend on parameters are not supported yet`, e.loc ?? loc);
      const first = els![0]!;
      if (!els!.every((x) => x === first)) this.fail(`the ${what} bound of '${name}' must be the same for every element`, e.loc ?? loc);
      return first;
    };
    const lo = bound(type.lower, 'lower'), hi = bound(type.upper, 'upper');
    if (lo !== undefined && hi !== undefined) {
      if (!(lo < hi)) this.fail(`the bounds of '${name}' are empty`, loc, 'lower < upper', `${lo}, ${hi}`);
      return lo === 0 && hi === 1 ? { kind: 'unit' } : { kind: 'interval', lower: lo, upper: hi };
    }
    if (lo !== undefined) return lo === 0 ? { kind: 'positive' } : { kind: 'lower', lower: lo };
    return { kind: 'upper', upper: hi! };
  }

  // ---------------------------------------------------------------- expressions

  private expr(e: Expr): number {
    switch (e.kind) {
      case 'number':
        return this.literal(e.value);
      case 'ref': {
        const b = this.env.lookup(e.name);
        if (isCell(b)) return this.cellValue(b);
        if (b !== undefined) {
          if (this.functions.has(e.name) && this.nodes[b]!.op.kind === 'literal') this.fail(`'${e.name}' is a function; call it with arguments`, e.loc);
          return b;
        }
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
      case 'call': {
        const args = e.args.map((a) => this.expr(a));
        const f = this.functions.get(e.fn);
        if (f) return this.callFunction(f, args, e.loc);
        if (LPDF_SUFFIX.test(e.fn)) return this.lpdfCall(e.fn, args, e.loc);
        return this.call(e.fn, args, e.loc);
      }
      case 'index':
        return this.indexExpr(e);
      case 'slice':
        return this.fail('a slice (a:b) is only allowed inside an index', e.loc);
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
    switch (fn) {
      case 'log_mix': {
        // log(θ e^a + (1 − θ) e^b), stably: log_sum_exp(log θ + a, log1m(θ) + b).
        arity(3);
        const [t, a, b] = args as [number, number, number];
        const lt = this.call('log', [t], loc);
        const l1mt = this.call('log1p', [this.add({ kind: 'neg', a: t }, this.nodes[t]!.shape, 'real', this.nodes[t]!.stage)], loc);
        return this.elementwise('lse2', this.binary('+', lt, a, loc), this.binary('+', l1mt, b, loc), loc);
      }
      case 'log1m':
        arity(1);
        return this.call('log1p', [this.add({ kind: 'neg', a: args[0]! }, shapes[0]!, 'real', this.nodes[args[0]!]!.stage)], loc);
      case 'negative_infinity': arity(0); return this.literal(-Infinity);
      case 'positive_infinity': arity(0); return this.literal(Infinity);
      case 'not_a_number': arity(0); return this.literal(NaN);
      case 'fmin': case 'fmax': arity(2); return this.call(fn === 'fmin' ? 'min' : 'max', args, loc);
      case 'log_inv_logit': arity(1); return this.add({ kind: 'neg', a: this.call('softplus', [this.add({ kind: 'neg', a: args[0]! }, shapes[0]!, 'real', this.nodes[args[0]!]!.stage)], loc) }, shapes[0]!, 'real', this.nodes[args[0]!]!.stage);
      case 'log1m_inv_logit': arity(1); return this.add({ kind: 'neg', a: this.call('softplus', [args[0]!], loc) }, shapes[0]!, 'real', this.nodes[args[0]!]!.stage);
    }
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
          case '==': return a === b ? 1 : 0;
          case '!=': return a !== b ? 1 : 0;
          case '<': return a < b ? 1 : 0;
          case '<=': return a <= b ? 1 : 0;
          case '>': return a > b ? 1 : 0;
          case '>=': return a >= b ? 1 : 0;
          case '&&': return a !== 0 && b !== 0 ? 1 : 0;
          case '||': return a !== 0 || b !== 0 ? 1 : 0;
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
      else if (op.kind === 'lpdf' || op.kind === 'extern') r = op.args.some((a) => this.readsData(a, seen));
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

/** A mutable local (let/local assigned element by element): one scalar node per element. */
interface Cell {
  cell: true;
  shape: number[];
  elem: 'real' | 'int';
  elems: number[];
  /** The packed node for the current elements, rebuilt after an assignment. */
  packed?: number;
}

type Binding = number | Cell;

/** Names in nested block scopes (loops unroll into one scope per iteration). */
class Env {
  private scopes: Map<string, Binding>[] = [new Map()];
  push(): void { this.scopes.push(new Map()); }
  pop(): void { this.scopes.pop(); }
  /** Replace the scopes (a function body sees only its arguments); returns the old ones. */
  swap(scopes: Map<string, Binding>[]): Map<string, Binding>[] { const old = this.scopes; this.scopes = scopes; return old; }
  lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }
  has(name: string): boolean { return this.lookup(name) !== undefined; }
  /** Whether the innermost scope defines the name. */
  hasHere(name: string): boolean { return this.scopes[this.scopes.length - 1]!.has(name); }
  set(name: string, b: Binding): void { this.scopes[this.scopes.length - 1]!.set(name, b); }
  /** Rebind an existing name where it is defined. */
  rebind(name: string, b: Binding): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i]!.has(name)) { this.scopes[i]!.set(name, b); return; }
  }
  get depth(): number { return this.scopes.length; }
}

function isCell(b: Binding | undefined): b is Cell {
  return typeof b === 'object';
}

const LPDF_SUFFIX = /_(lpdf|lpmf|lupdf|lupmf)$/;
