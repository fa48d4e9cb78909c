/**
 * The builder API: the same models as the DSL, written in plain TypeScript.
 *
 *   model(({ input, param, data, let: define }) => {
 *     const n = input('n', 'int');
 *     const p = param('p', beta(1, 1));
 *     data('heads', binomial(n, p), 'int');
 *   });
 *
 * Expression handles (`Ex`) have methods for operators (`mu.add(tau.mul(z))`, `x.pow(2)` for
 * `x ^ 2`, `v.at(i)` for `v[i]`) and there are free functions for the built-ins (`exp(x)`,
 * `logSumExp(v)`, `zeros(n)`) and for operators (`add(a, b)`). Plain numbers, number[] and
 * number[][] are accepted wherever an expression is. The result is the same IR as the DSL
 * (without locations), checked by the same checks; errors name the variable instead of a line.
 */
import type { BinaryOp, DistributionCall, Expr, ModelIR, SimulatorCall, SizeExpr, Stmt, ValueType } from './ir.js';
import { ModelError } from './errors.js';
import { normaliseDistribution } from './checks/distributions.js';
import { requirePrior } from './checks/statements.js';

/** Anything usable as an expression. */
export type Operand = Ex | number | readonly number[] | readonly (readonly number[])[];

/** An expression handle. Immutable: every method returns a new handle. */
export class Ex {
  constructor(readonly expr: Expr) {}
  add(other: Operand): Ex { return binary('+', this, other); }
  sub(other: Operand): Ex { return binary('-', this, other); }
  /** Scalar multiply or matrix product (`*`). */
  mul(other: Operand): Ex { return binary('*', this, other); }
  div(other: Operand): Ex { return binary('/', this, other); }
  /** `this ^ other` (for the function form pow(a, b), use the free function `pow`). */
  pow(other: Operand): Ex { return binary('^', this, other); }
  /** Elementwise `.*`. */
  elemMul(other: Operand): Ex { return binary('.*', this, other); }
  /** Elementwise `./`. */
  elemDiv(other: Operand): Ex { return binary('./', this, other); }
  neg(): Ex { return new Ex({ kind: 'unary', op: '-', arg: this.expr }); }
  not(): Ex { return new Ex({ kind: 'unary', op: '!', arg: this.expr }); }
  lt(other: Operand): Ex { return binary('<', this, other); }
  le(other: Operand): Ex { return binary('<=', this, other); }
  gt(other: Operand): Ex { return binary('>', this, other); }
  ge(other: Operand): Ex { return binary('>=', this, other); }
  eq(other: Operand): Ex { return binary('==', this, other); }
  ne(other: Operand): Ex { return binary('!=', this, other); }
  and(other: Operand): Ex { return binary('&&', this, other); }
  or(other: Operand): Ex { return binary('||', this, other); }
  /** `this[i]` or `this[i, j]`, 1-based. */
  at(...indices: Operand[]): Ex {
    return new Ex({ kind: 'index', target: this.expr, indices: indices.map((i) => toExpr(i)) });
  }
}

/** Operand → IR. Numbers stay `number` nodes (as DSL literals do); arrays become constants. */
export function toExpr(value: Operand | unknown): Expr {
  if (value instanceof Ex) return value.expr;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ModelError(`cannot use ${value} in a model`, undefined, undefined, 'a finite number', String(value));
    return { kind: 'number', value };
  }
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((x) => typeof x === 'number' && Number.isFinite(x))) return { kind: 'constant', value: [...(value as number[])] };
    const width = Array.isArray(value[0]) ? (value[0] as unknown[]).length : -1;
    const rectangular = value.every(
      (row) => Array.isArray(row) && row.length === width && row.every((x) => typeof x === 'number' && Number.isFinite(x)),
    );
    if (rectangular && width > 0) return { kind: 'constant', value: (value as number[][]).map((row) => [...row]) };
  }
  throw new ModelError(
    'cannot use this value as an expression',
    undefined, undefined,
    'an expression handle, a finite number, number[] or rectangular number[][]',
    Array.isArray(value) ? `an array of length ${value.length}` : typeof value,
  );
}

function binary(op: BinaryOp, left: Operand, right: Operand): Ex {
  return new Ex({ kind: 'binary', op, left: toExpr(left), right: toExpr(right) });
}

// Operators as free functions.
export const add = (a: Operand, b: Operand): Ex => binary('+', a, b);
export const sub = (a: Operand, b: Operand): Ex => binary('-', a, b);
export const mul = (a: Operand, b: Operand): Ex => binary('*', a, b);
export const div = (a: Operand, b: Operand): Ex => binary('/', a, b);
export const elemMul = (a: Operand, b: Operand): Ex => binary('.*', a, b);
export const elemDiv = (a: Operand, b: Operand): Ex => binary('./', a, b);
export const neg = (a: Operand): Ex => new Ex({ kind: 'unary', op: '-', arg: toExpr(a) });
export const not = (a: Operand): Ex => new Ex({ kind: 'unary', op: '!', arg: toExpr(a) });
/** `cond ? then : otherwise`. */
export const cond = (c: Operand, then: Operand, otherwise: Operand): Ex =>
  new Ex({ kind: 'conditional', cond: toExpr(c), then: toExpr(then), otherwise: toExpr(otherwise) });
/** `[a, b, c]`: a vector literal from scalar expressions. */
export const vec = (...elements: Operand[]): Ex => new Ex({ kind: 'vector', elements: elements.map((e) => toExpr(e)) });
/** Any built-in by its DSL name: call('log_sum_exp', v). */
export const call = (fn: string, ...args: Operand[]): Ex => new Ex({ kind: 'call', fn, args: args.map((a) => toExpr(a)) });

const fn1 = (name: string) => (x: Operand): Ex => call(name, x);
const fn2 = (name: string) => (a: Operand, b: Operand): Ex => call(name, a, b);

export const exp = fn1('exp');
export const log = fn1('log');
export const log1p = fn1('log1p');
export const expm1 = fn1('expm1');
export const sqrt = fn1('sqrt');
export const abs = fn1('abs');
export const sin = fn1('sin');
export const cos = fn1('cos');
export const tan = fn1('tan');
export const tanh = fn1('tanh');
export const logistic = fn1('logistic');
export const invLogit = fn1('inv_logit');
export const logit = fn1('logit');
export const softplus = fn1('softplus');
export const log1pExp = fn1('log1p_exp');
export const erf = fn1('erf');
export const lgamma = fn1('lgamma');
export const square = fn1('square');
export const pow = fn2('pow');
export const sum = fn1('sum');
export const mean = fn1('mean');
export const sd = fn1('sd');
export const logSumExp = fn1('log_sum_exp');
export const dot = fn2('dot');
export const min = fn2('min');
export const max = fn2('max');
export const cholesky = fn1('cholesky');
export const rows = fn1('rows');
export const cols = fn1('cols');
export const length = fn1('length');
export const transpose = fn1('transpose');
export const repVector = fn2('rep_vector');
export const zeros = fn1('zeros');
export const ones = fn1('ones');
export const repMatrix = (value: Operand, n: Operand, m: Operand): Ex => call('rep_matrix', value, n, m);
export const diagMatrix = fn1('diag_matrix');
export const pi = new Ex({ kind: 'ref', name: 'pi' });
export const e = new Ex({ kind: 'ref', name: 'e' });

/** A distribution on the right of `~`. */
export class Dist {
  constructor(readonly call: DistributionCall) {}
}

const dist = (name: string, ...args: Operand[]): Dist => new Dist({ name, args: args.map((a) => toExpr(a)) });

export const normal = (mu: Operand, sigma: Operand): Dist => dist('normal', mu, sigma);
export const lognormal = (mu: Operand, sigma: Operand): Dist => dist('lognormal', mu, sigma);
export const uniform = (lower: Operand, upper: Operand): Dist => dist('uniform', lower, upper);
/** halfNormal(sigma), or Stan's halfNormal(0, sigma): normalised to the one-argument form. */
export const halfNormal = (...args: [Operand] | [0, Operand]): Dist => dist('half_normal', ...args);
/** halfCauchy(sigma), or Stan's halfCauchy(0, sigma): normalised to the one-argument form. */
export const halfCauchy = (...args: [Operand] | [0, Operand]): Dist => dist('half_cauchy', ...args);
export const cauchy = (mu: Operand, sigma: Operand): Dist => dist('cauchy', mu, sigma);
export const studentT = (nu: Operand, mu: Operand, sigma: Operand): Dist => dist('student_t', nu, mu, sigma);
export const exponential = (rate: Operand): Dist => dist('exponential', rate);
export const gamma = (shape: Operand, rate: Operand): Dist => dist('gamma', shape, rate);
export const invGamma = (shape: Operand, scale: Operand): Dist => dist('inv_gamma', shape, scale);
export const beta = (a: Operand, b: Operand): Dist => dist('beta', a, b);
export const bernoulli = (p: Operand): Dist => dist('bernoulli', p);
export const binomial = (n: Operand, p: Operand): Dist => dist('binomial', n, p);
export const poisson = (lambda: Operand): Dist => dist('poisson', lambda);
export const categorical = (probs: Operand): Dist => dist('categorical', probs);
export const dirichlet = (alpha: Operand): Dist => dist('dirichlet', alpha);
export const multiNormal = (mu: Operand, sigma: Operand): Dist => dist('multi_normal', mu, sigma);
export const multiNormalCholesky = (mu: Operand, l: Operand): Dist => dist('multi_normal_cholesky', mu, l);
export const poissonLog = (alpha: Operand): Dist => dist('poisson_log', alpha);
export const bernoulliLogit = (alpha: Operand): Dist => dist('bernoulli_logit', alpha);
export const binomialLogit = (N: Operand, alpha: Operand): Dist => dist('binomial_logit', N, alpha);
export const negBinomial2 = (mu: Operand, phi: Operand): Dist => dist('neg_binomial_2', mu, phi);
export const negBinomial2Log = (eta: Operand, phi: Operand): Dist => dist('neg_binomial_2_log', eta, phi);
/** The logistic distribution (`logistic` is the inverse-logit function). */
export const logisticDist = (mu: Operand, sigma: Operand): Dist => dist('logistic', mu, sigma);
export const gumbel = (mu: Operand, beta: Operand): Dist => dist('gumbel', mu, beta);
export const doubleExponential = (mu: Operand, sigma: Operand): Dist => dist('double_exponential', mu, sigma);
export const weibull = (alpha: Operand, sigma: Operand): Dist => dist('weibull', alpha, sigma);
/**
 * Any registered distribution by its DSL name, arguments in Stan's order: the checker validates
 * the name and arity against the registry like a DSL `~` (for distributions without a helper).
 */
export const distribution = (name: string, ...args: Operand[]): Dist => dist(name, ...args);

/** A TypeScript simulator as a data node's source: data('x', simulator(fn, theta, n), vector(8)). */
export class Simulator {
  constructor(readonly call: SimulatorCall) {}
}

export function simulator(fn: SimulatorCall['fn'], ...args: Operand[]): Simulator {
  const label = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '<anonymous>';
  return new Simulator({ fn, label, args: args.map((a) => toExpr(a)) });
}

// Types.
export type TypeSpec = 'real' | 'int' | ValueType;

function toSize(size: number | Ex): SizeExpr {
  if (typeof size === 'number') return { kind: 'const', value: size };
  if (size instanceof Ex && size.expr.kind === 'ref') return { kind: 'input', name: size.expr.name };
  throw new ModelError('a size must be a whole number or an int input handle', undefined, undefined, 'a number or input(\'n\', \'int\')', 'another expression');
}

export const vector = (n: number | Ex): ValueType => ({ elem: 'real', dims: [toSize(n)] });
export const matrix = (n: number | Ex, m: number | Ex): ValueType => ({ elem: 'real', dims: [toSize(n), toSize(m)] });
/** `int[n]`: a vector of integers. */
export const intVector = (n: number | Ex): ValueType => ({ elem: 'int', dims: [toSize(n)] });

function toType(type: TypeSpec | undefined, name: string): ValueType | undefined {
  if (type === undefined) return undefined;
  if (type === 'real' || type === 'int') return { elem: type, dims: [] };
  if (typeof type === 'object' && type !== null && (type.elem === 'real' || type.elem === 'int') && Array.isArray(type.dims)) return type;
  throw new ModelError(`'${name}' has an unknown type`, undefined, undefined, "'real', 'int', vector(n) or matrix(n, m)", String(type));
}

/** What a builder function receives. */
export interface BuilderApi {
  input(name: string, type: TypeSpec): Ex;
  param(name: string, prior: Dist, type?: TypeSpec): Ex;
  latent(name: string, prior: Dist, type?: TypeSpec): Ex;
  data(name: string, source: Dist | Simulator | Operand, type?: TypeSpec): Ex;
  let(name: string, value: Operand, type?: TypeSpec): Ex;
}

function withType<S extends Stmt>(stmt: S, type: ValueType | undefined): S {
  return type ? { ...stmt, type } : stmt;
}

/** Run a builder function and collect its statements (unchecked IR). */
export function buildIR(build: (api: BuilderApi) => void): ModelIR {
  const statements: Stmt[] = [];
  const ref = (name: string): Ex => new Ex({ kind: 'ref', name });
  const checkName = (name: unknown): string => {
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ModelError('a variable name must be a letter or _ followed by letters, digits or _', undefined, undefined, 'a name like theta_1', String(name));
    }
    return name;
  };
  const random = (kind: 'param' | 'latent') => (name: string, prior: Dist, type?: TypeSpec): Ex => {
    checkName(name);
    const given = prior instanceof Dist ? normaliseDistribution(prior.call) : undefined;
    statements.push(withType({ kind, name, prior: requirePrior(kind, name, given, undefined) }, toType(type, name)));
    return ref(name);
  };
  const api: BuilderApi = {
    input(name, type) {
      checkName(name);
      const t = toType(type, name);
      if (!t) throw new ModelError(`input '${name}' needs a type`, undefined, undefined, "'real', 'int', vector(n) or matrix(n, m)", 'nothing');
      statements.push({ kind: 'input', name, type: t });
      return ref(name);
    },
    param: random('param'),
    latent: random('latent'),
    data(name, source, type) {
      checkName(name);
      const stmt: Stmt = withType({ kind: 'data', name }, toType(type, name));
      if (source instanceof Dist) stmt.density = normaliseDistribution(source.call);
      else if (source instanceof Simulator) stmt.simulator = source.call;
      else stmt.deterministic = toExpr(source);
      statements.push(stmt);
      return ref(name);
    },
    let(name, value, type) {
      checkName(name);
      statements.push(withType({ kind: 'let', name, value: toExpr(value) }, toType(type, name)));
      return ref(name);
    },
  };
  build(named(api));
  return { statements };
}

/** Errors raised while building a statement name its variable (builder models have no lines). */
function named(api: BuilderApi): BuilderApi {
  const wrap = <A extends unknown[]>(f: (name: string, ...rest: A) => Ex) => (name: string, ...rest: A): Ex => {
    try {
      return f(name, ...rest);
    } catch (error) {
      if (error instanceof ModelError && error.location === undefined && !error.problem.includes(`'${name}'`)) {
        throw new ModelError(`${error.problem} (in '${name}')`, undefined, undefined, error.expected, error.found);
      }
      throw error;
    }
  };
  return { input: wrap(api.input), param: wrap(api.param), latent: wrap(api.latent), data: wrap(api.data), let: wrap(api.let) };
}
