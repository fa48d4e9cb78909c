/**
 * CST → ModelIR for the tagged-template DSL. Every node gets the SourceLocation of the text it
 * came from (statements: their name; operators: the whole operation), so the checks can point at it.
 *
 * Interpolated values (`${i}` in the source) are resolved here: numbers, number[] and number[][]
 * (or typed arrays) become `constant` expressions; a function is only allowed as the whole
 * right-hand side of a data statement (`data x: T = ${fn}(args)`), where it becomes a SimulatorCall.
 * Anything else (strings, objects, NaN, ragged arrays) is a ModelError at the `${i}`.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { BinaryOp, Constraint, DistributionCall, Expr, ModelIR, SimulatorCall, SizeExpr, Stmt, ValueType } from './ir.js';
import { ModelError, type SourceLocation } from './errors.js';
import { parseCst, tokenLocation } from './parser.js';
import { normaliseDistribution } from './checks/distributions.js';
import { requirePrior } from './checks/statements.js';

interface Context {
  source: string;
  values: readonly unknown[];
  /** Set while converting a data statement's `= expr`, where a simulator call may appear. */
  simulatorAllowed: boolean;
  simulator?: SimulatorCall | undefined;
}

/** Stands for "this expression was a simulator call"; only valid as a whole right-hand side. */
const SIMULATOR: Expr = { kind: 'number', value: Number.NaN };

type Children = CstNode['children'];

function nodes(children: Children, key: string): CstNode[] {
  return (children[key] ?? []) as CstNode[];
}

function tokens(children: Children, key: string): IToken[] {
  return (children[key] ?? []) as IToken[];
}

function node(children: Children, key: string): CstNode {
  return nodes(children, key)[0]!;
}

function token(children: Children, key: string): IToken {
  return tokens(children, key)[0]!;
}

function nodeLoc(cst: CstNode): SourceLocation {
  const l = cst.location!;
  return { line: l.startLine ?? 1, column: l.startColumn ?? 1, offset: l.startOffset, length: (l.endOffset ?? l.startOffset) - l.startOffset + 1 };
}

function span(a: SourceLocation | undefined, b: SourceLocation | undefined): SourceLocation | undefined {
  if (!a || !b) return a ?? b;
  return { ...a, length: b.offset + b.length - a.offset };
}

function fail(ctx: Context, problem: string, loc: SourceLocation, expected?: string, found?: string): never {
  throw new ModelError(problem, loc, ctx.source, expected, found);
}

/** Parse and convert a DSL source (interpolations written `${i}`, values[i] their values). No checks. */
export function sourceToIR(source: string, values: readonly unknown[] = []): ModelIR {
  const cst = parseCst(source);
  const ctx: Context = { source, values, simulatorAllowed: false };
  const statements = nodes(cst.children, 'statement').map((s) => statement(s, ctx));
  return { statements, source };
}

function block(cst: CstNode, ctx: Context): Stmt[] {
  return nodes(cst.children, 'statement').map((s) => statement(s, ctx));
}

/** The statements of Stan's imperative blocks; undefined for the declarative ones. */
function blockStatement(key: string, cst: CstNode, ctx: Context): Stmt | undefined {
  const c = cst.children;
  const loc = nodeLoc(cst);
  switch (key) {
    case 'targetStmt':
      return { kind: 'target', name: 'target', value: expression(node(c, 'expression'), ctx), loc };
    case 'returnStmt':
      return { kind: 'return', name: 'return', value: expression(node(c, 'expression'), ctx), loc };
    case 'forStmt': {
      const v = token(c, 'Identifier');
      const [from, to] = nodes(c, 'expression').map((e) => expression(e, ctx)) as [Expr, Expr];
      return { kind: 'for', name: v.image, from, to, body: block(node(c, 'block'), ctx), loc: tokenLocation(v, ctx.source) };
    }
    case 'ifStmt': {
      const blocks = nodes(c, 'block');
      const elseIf = nodes(c, 'ifStmt')[0];
      const otherwise = elseIf ? [blockStatement('ifStmt', elseIf, ctx)!] : blocks[1] ? block(blocks[1], ctx) : [];
      return { kind: 'if', name: 'if', cond: expression(node(c, 'expression'), ctx), then: block(blocks[0]!, ctx), otherwise, loc };
    }
    case 'assignStmt': {
      const nameTok = token(c, 'Identifier');
      const suffix = nodes(c, 'indexSuffix')[0];
      const indices = suffix ? indexItems(suffix, ctx) : [];
      const at = tokenLocation(nameTok, ctx.source);
      const dist = nodes(c, 'distribution')[0];
      if (dist) {
        // `x ~ dist(args)` on an existing name: target += dist_lpdf(x | args), as in Stan's model block.
        const d = distribution(dist, ctx);
        const target: Expr = indices.length ? { kind: 'index', target: { kind: 'ref', name: nameTok.image, loc: at }, indices, loc: at } : { kind: 'ref', name: nameTok.image, loc: at };
        return { kind: 'target', name: 'target', value: { kind: 'call', fn: `${d.name}_lpdf`, args: [target, ...d.args], ...(d.loc ? { loc: d.loc } : {}) }, loc: at };
      }
      const op = tokens(c, 'PlusEquals').length > 0 ? '+=' : '=';
      return { kind: 'assign', name: nameTok.image, indices, op, value: expression(node(c, 'expression'), ctx), loc: at };
    }
    case 'localStmt': {
      const nameTok = token(c, 'Identifier');
      const t = nodes(c, 'typeSpec')[0];
      const value = nodes(c, 'expression')[0];
      return { kind: 'local', name: nameTok.image, ...(t ? { type: typeSpec(t, ctx) } : {}), ...(value ? { value: expression(value, ctx) } : {}), loc: tokenLocation(nameTok, ctx.source) };
    }
    case 'functionStmt': {
      const nameTok = token(c, 'Identifier');
      const args = nodes(c, 'functionArg').map((a) => {
        const t = token(a.children, 'Identifier');
        return { name: t.image, type: argType(node(a.children, 'argType'), ctx), loc: tokenLocation(t, ctx.source) };
      });
      const ret = nodes(c, 'argType')[0];
      return { kind: 'function', name: nameTok.image, args, ...(ret ? { returns: argType(ret, ctx) } : {}), body: block(node(c, 'block'), ctx), loc: tokenLocation(nameTok, ctx.source) };
    }
  }
  return undefined;
}

/** A function argument's type: sizes may be left out (they come from the call). */
function argType(cst: CstNode, ctx: Context): ValueType {
  const c = cst.children;
  const list = nodes(c, 'sizeList')[0];
  const dims = list ? nodes(list.children, 'size').map((s) => size(s, ctx)) : [];
  if (tokens(c, 'Real').length > 0) return { elem: 'real', dims: [] };
  if (tokens(c, 'Int').length > 0) return { elem: 'int', dims };
  // An unsized vector/matrix: rank only, written as placeholder sizes of 0.
  const rank = tokens(c, 'Vector').length > 0 ? 1 : 2;
  return { elem: 'real', dims: dims.length ? dims : Array.from({ length: rank }, () => ({ kind: 'const' as const, value: 0 })) };
}

function statement(cst: CstNode, ctx: Context): Stmt {
  const [key, inner] = Object.entries(cst.children)[0]! as [string, CstNode[]];
  const blockStmt = blockStatement(key, inner[0]!, ctx);
  if (blockStmt) return blockStmt;
  const c = inner[0]!.children;
  const nameToken = token(c, 'Identifier');
  const name = nameToken.image;
  const loc = tokenLocation(nameToken, ctx.source);
  const type = nodes(c, 'typeSpec')[0] ? typeSpec(node(c, 'typeSpec'), ctx) : undefined;
  switch (key) {
    case 'inputStmt':
      return { kind: 'input', name, type: type!, loc };
    case 'randomStmt': {
      const kind = tokens(c, 'Param').length > 0 ? 'param' : 'latent';
      const given = nodes(c, 'distribution')[0];
      // No prior: a flat (improper) prior over the declared support, as in Stan.
      return { kind, name, ...(type && { type }), ...(given ? { prior: distribution(given, ctx) } : {}), loc };
    }
    case 'letStmt': {
      if (!nodes(c, 'expression')[0]) return { kind: 'let', name, ...(type && { type }), loc };
      ctx.simulatorAllowed = true;
      ctx.simulator = undefined;
      const value = expression(node(c, 'expression'), ctx);
      ctx.simulatorAllowed = false;
      const fn = ctx.simulator as SimulatorCall | undefined;
      if (value === SIMULATOR) return { kind: 'let', name, ...(type && { type }), external: fn!, loc };
      if (fn) fail(ctx, 'a TypeScript function must be the whole right-hand side', fn.loc!, `let ${name}: T = \${fn}(args)`, 'a function call inside an expression');
      return { kind: 'let', name, ...(type && { type }), value, loc };
    }
    default:
      return dataStatement(name, type, c, loc, ctx);
  }
}

function dataStatement(name: string, type: ValueType | undefined, c: Children, loc: SourceLocation, ctx: Context): Stmt {
  const stmt: Stmt = { kind: 'data', name, ...(type && { type }), loc };
  const density = nodes(c, 'distribution')[0];
  if (density) stmt.density = distribution(density, ctx);
  const value = nodes(c, 'expression')[0];
  if (value) {
    ctx.simulatorAllowed = true;
    ctx.simulator = undefined;
    const expr = expression(value, ctx);
    ctx.simulatorAllowed = false;
    const simulator = ctx.simulator as SimulatorCall | undefined;
    if (expr === SIMULATOR) stmt.simulator = simulator!;
    else if (simulator) fail(ctx, 'a TypeScript simulator must be the whole right-hand side', simulator.loc!, `data ${name}: T = \${fn}(args)`, 'a simulator inside an expression');
    else stmt.deterministic = expr;
  }
  return stmt;
}

function typeSpec(cst: CstNode, ctx: Context): ValueType {
  const t = plainTypeSpec(cst, ctx);
  const b = nodes(cst.children, 'bounds')[0];
  if (!b) return t;
  for (const bound of nodes(b.children, 'bound')) {
    const which = token(bound.children, 'Identifier');
    if (which.image !== 'lower' && which.image !== 'upper') fail(ctx, `unknown bound '${which.image}'`, tokenLocation(which, ctx.source), "'lower' or 'upper'", which.image);
    if (t[which.image] !== undefined) fail(ctx, `'${which.image}' is given twice`, tokenLocation(which, ctx.source));
    t[which.image] = binaryChain(node(bound.children, 'additive'), ctx);
  }
  return t;
}

const MATRIX_CONSTRAINTS = new Set(['cholesky_factor_corr', 'cholesky_factor_cov', 'cov_matrix', 'corr_matrix']);

function plainTypeSpec(cst: CstNode, ctx: Context): ValueType {
  const c = cst.children;
  const list = nodes(c, 'sizeList')[0];
  const sizes = list ? nodes(list.children, 'size').map((s) => size(s, ctx)) : [];
  const loc = nodeLoc(cst);
  const constrained = tokens(c, 'ConstrainedType')[0];
  if (constrained) {
    const constraint = constrained.image as Constraint;
    if (sizes.length !== 1) fail(ctx, `${constraint} takes one size`, loc, `${constraint}[K]`, `${sizes.length} sizes`);
    return { elem: 'real', dims: MATRIX_CONSTRAINTS.has(constraint) ? [sizes[0]!, sizes[0]!] : sizes, constraint };
  }
  if (tokens(c, 'Real').length > 0) return { elem: 'real', dims: [] };
  if (tokens(c, 'Int').length > 0) {
    if (sizes.length > 2) fail(ctx, 'int arrays have one or two sizes', loc, 'int[n] or int[n, m]', `${sizes.length} sizes`);
    return { elem: 'int', dims: sizes };
  }
  const isVector = tokens(c, 'Vector').length > 0;
  const want = isVector ? 1 : 2;
  if (sizes.length !== want) {
    fail(ctx, `${isVector ? 'vector' : 'matrix'} takes ${want} size${want === 1 ? '' : 's'}`, loc, isVector ? 'vector[n]' : 'matrix[n, m]', `${sizes.length} sizes`);
  }
  return { elem: 'real', dims: sizes };
}

function size(cst: CstNode, ctx: Context): SizeExpr {
  const c = cst.children;
  const [tok] = [...tokens(c, 'NumberLiteral'), ...tokens(c, 'Identifier'), ...tokens(c, 'Interpolation')] as [IToken];
  const loc = tokenLocation(tok, ctx.source);
  if (tok.tokenType.name === 'Identifier') return { kind: 'input', name: tok.image, loc };
  const value = tok.tokenType.name === 'NumberLiteral' ? Number(tok.image) : ctx.values[interpolationIndex(tok)];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    fail(ctx, 'a size must be a whole number of at least 1 or an int input', loc, 'a size like 8 or n', describe(value));
  }
  return { kind: 'const', value };
}

function distribution(cst: CstNode, ctx: Context): DistributionCall {
  const c = cst.children;
  const nameToken = token(c, 'Identifier');
  const call: DistributionCall = {
    name: nameToken.image,
    args: argumentList(node(c, 'argumentList'), ctx),
    loc: nodeLoc(cst),
  };
  return normaliseDistribution(call, ctx.source);
}

function argumentList(cst: CstNode, ctx: Context): Expr[] {
  return nodes(cst.children, 'expression').map((e) => expression(e, ctx));
}

function expression(cst: CstNode, ctx: Context): Expr {
  return conditional(node(cst.children, 'conditional'), ctx);
}

function conditional(cst: CstNode, ctx: Context): Expr {
  const c = cst.children;
  const cond = binaryChain(node(c, 'orExpr'), ctx);
  const branches = nodes(c, 'expression');
  if (branches.length === 0) return cond;
  const then = expression(branches[0]!, ctx);
  const otherwise = expression(branches[1]!, ctx);
  return { kind: 'conditional', cond, then, otherwise, loc: nodeLoc(cst) };
}

/** Binary precedence levels: rule name → the rule of its operands. */
const operandRule: Record<string, string> = {
  orExpr: 'andExpr',
  andExpr: 'equality',
  equality: 'comparison',
  comparison: 'additive',
  additive: 'multiplicative',
  multiplicative: 'unary',
};

/** Left-associative chain `a op b op c`; operator tokens are grouped by type in the CST, so sort by offset. */
function binaryChain(cst: CstNode, ctx: Context): Expr {
  const operandKey = operandRule[cst.name]!;
  const convert = (n: CstNode) => (operandKey === 'unary' ? unary(n, ctx) : binaryChain(n, ctx));
  const operands = nodes(cst.children, operandKey).map(convert);
  const ops = Object.entries(cst.children)
    .filter(([key]) => key !== operandKey)
    .flatMap(([, toks]) => toks as IToken[])
    .sort((a, b) => a.startOffset - b.startOffset);
  let result = operands[0]!;
  ops.forEach((op, i) => {
    const right = operands[i + 1]!;
    result = { kind: 'binary', op: op.image as BinaryOp, left: result, right, loc: span(result.loc, right.loc) };
  });
  return result;
}

function unary(cst: CstNode, ctx: Context): Expr {
  const c = cst.children;
  const op = [...tokens(c, 'Minus'), ...tokens(c, 'Bang')][0];
  if (!op) return power(node(c, 'power'), ctx);
  const arg = unary(node(c, 'unary'), ctx);
  return { kind: 'unary', op: op.image as '-' | '!', arg, loc: nodeLoc(cst) };
}

function power(cst: CstNode, ctx: Context): Expr {
  const c = cst.children;
  const base = postfix(node(c, 'postfix'), ctx);
  const exponent = nodes(c, 'unary')[0];
  if (!exponent) return base;
  return { kind: 'binary', op: '^', left: base, right: unary(exponent, ctx), loc: nodeLoc(cst) };
}

function postfix(cst: CstNode, ctx: Context): Expr {
  let result = primary(node(cst.children, 'primary'), ctx);
  for (const suffix of nodes(cst.children, 'indexSuffix')) {
    const indices = indexItems(suffix, ctx);
    result = { kind: 'index', target: result, indices, loc: span(result.loc, nodeLoc(suffix)) };
  }
  return result;
}

/** The items of `[...]`: expressions, or slices `:`, `a:`, `:b`, `a:b`. */
function indexItems(suffix: CstNode, ctx: Context): Expr[] {
  return nodes(suffix.children, 'indexItem').map((item) => {
    const ic = item.children;
    const exprs = nodes(ic, 'expression').map((e) => expression(e, ctx));
    if (tokens(ic, 'Colon').length === 0) return exprs[0]!;
    const loc = nodeLoc(item);
    // `: b` puts b in the first alternative; `a :` and `a : b` in the second.
    const leading = (ic['Colon'] as IToken[])[0]!.startOffset <= (item.location?.startOffset ?? 0);
    if (leading) return { kind: 'slice', ...(exprs[0] ? { to: exprs[0] } : {}), loc };
    return { kind: 'slice', from: exprs[0]!, ...(exprs[1] ? { to: exprs[1] } : {}), loc };
  });
}

function primary(cst: CstNode, ctx: Context): Expr {
  const c = cst.children;
  const loc = nodeLoc(cst);
  const number = tokens(c, 'NumberLiteral')[0];
  if (number) {
    const value = Number(number.image);
    if (!Number.isFinite(value)) fail(ctx, 'number too large', loc, 'a finite number', number.image);
    return { kind: 'number', value, loc };
  }
  const args = nodes(c, 'argumentList')[0];
  const name = tokens(c, 'Identifier')[0];
  if (name) {
    if (args) return { kind: 'call', fn: name.image, args: argumentList(args, ctx), loc };
    return { kind: 'ref', name: name.image, loc };
  }
  const interpolation = tokens(c, 'Interpolation')[0];
  if (interpolation) return args ? simulatorCall(interpolation, args, loc, ctx) : interpolated(interpolation, loc, ctx);
  const inner = nodes(c, 'parenthesized')[0];
  if (inner) return expression(node(inner.children, 'expression'), ctx);
  const elements = nodes(node(c, 'vectorLiteral').children, 'expression').map((e) => expression(e, ctx));
  return { kind: 'vector', elements, loc };
}

function interpolationIndex(tok: IToken): number {
  return Number(tok.image.slice(2, -1));
}

function simulatorCall(tok: IToken, args: CstNode, loc: SourceLocation, ctx: Context): Expr {
  const index = interpolationIndex(tok);
  const fn = ctx.values[index];
  const at = tokenLocation(tok, ctx.source);
  if (typeof fn !== 'function') fail(ctx, `\${${index}} is called but is not a function`, at, 'a function', describe(fn));
  if (!ctx.simulatorAllowed) {
    fail(ctx, 'a TypeScript function can only be used as a data or let statement\'s right-hand side', at, 'data x: T = ${fn}(args) or let y: T = ${fn}(args)', 'a function call here');
  }
  if (ctx.simulator) fail(ctx, 'only one TypeScript simulator per data statement', at, 'data x: T = ${fn}(args)', 'a second simulator');
  const converted = argumentList(args, ctx);
  if (ctx.simulator) fail(ctx, 'a simulator\'s arguments cannot call another simulator', at);
  const label = typeof fn.name === 'string' && fn.name !== '' ? fn.name : '<anonymous>';
  ctx.simulator = { fn: fn as SimulatorCall['fn'], label, args: converted, loc };
  return SIMULATOR;
}

/** A short description of an unexpected interpolated value, for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  if (typeof value === 'function') return 'a function';
  return `a value of type ${typeof value}`;
}

function interpolated(tok: IToken, loc: SourceLocation, ctx: Context): Expr {
  const index = interpolationIndex(tok);
  if (index >= ctx.values.length) fail(ctx, `no value was interpolated as \${${index}}`, loc, `at most \${${ctx.values.length - 1}}`, tok.image);
  const raw = ctx.values[index];
  if (typeof raw === 'function') {
    fail(ctx, `\${${index}} is a function: call it as the right-hand side of a data statement`, loc, 'data x: T = ${fn}(args)', 'a function used as a value');
  }
  let value: number | number[] | number[][] | string;
  try {
    value = toConstant(raw);
  } catch {
    value = 'its elements could not be read';
  }
  if (typeof value === 'string') {
    fail(ctx, `cannot use \${${index}} here: ${value}`, loc, 'a finite number, number[] or number[][]', describe(raw));
  }
  return { kind: 'constant', value, loc };
}

function finiteNumbers(values: ArrayLike<unknown>): number[] | undefined {
  const out = Array.from(values);
  return out.every((x): x is number => typeof x === 'number' && Number.isFinite(x)) ? out : undefined;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** The value as a constant, or a string saying why it cannot be one. */
function toConstant(value: unknown): number | number[] | number[][] | string {
  if (typeof value === 'number') return Number.isFinite(value) ? value : `it is ${value}`;
  if (!isArrayLike(value)) return `it is ${describe(value)}`;
  if (value.length === 0) return 'it is an empty array';
  const vector = finiteNumbers(value);
  if (vector) return vector;
  const rows = Array.from(value);
  if (!rows.every(isArrayLike)) return 'it must hold only finite numbers, or be an array of rows';
  const matrix = rows.map((row) => finiteNumbers(row as ArrayLike<unknown>));
  if (matrix.some((row) => row === undefined)) return 'its rows must hold only finite numbers';
  const width = matrix[0]!.length;
  if (width === 0 || matrix.some((row) => row!.length !== width)) return 'its rows must be non-empty and of equal length';
  return matrix as number[][];
}
