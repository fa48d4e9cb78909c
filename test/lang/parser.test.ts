/**
 * One test per grammar rule (the last test makes sure no rule is left without one), checked on
 * the IR that the rule produces.
 */
import { describe, expect, it } from 'vitest';
import { ModelParser } from '../../src/lang/parser.js';
import { ModelError } from '../../src/lang/errors.js';
import { at, bin, exprOf, irOf, modelErrorOf, num, ref } from './helpers.js';
import { sourceToIR } from '../../src/lang/to-ir.js';

const tested = new Set<string>();
const rule = (name: string, body: () => void) => {
  tested.add(name);
  it(`rule ${name}`, body);
};

describe('grammar', () => {
  rule('model', () => {
    expect(irOf('').statements).toEqual([]);
    expect(irOf('\n\n;  // only a comment\n').statements).toEqual([]);
    expect(irOf('input n: int\nparam p ~ beta(1, 1)\n').statements.map((s) => s.name)).toEqual(['n', 'p']);
    // two statements on one line need a separator
    const error = modelErrorOf(() => sourceToIR('input n: int param p ~ beta(1, 1)'));
    expect(error.problem).toBe("syntax error: unexpected 'param'");
    expect(at(error)).toBe('1:14');
  });

  rule('separator', () => {
    expect(irOf('input n: int; input m: int\ninput k: int;;').statements.map((s) => s.name)).toEqual(['n', 'm', 'k']);
  });

  rule('statement', () => {
    const error = modelErrorOf(() => sourceToIR('input n: int\n+ p ~ beta(1, 1)'));
    expect(error.problem).toBe("syntax error: unexpected '+'");
    expect(error.expected).toContain('a statement');
    expect(at(error)).toBe('2:1');
  });

  rule('inputStmt', () => {
    expect(irOf('input x: real').statements[0]).toEqual({ kind: 'input', name: 'x', type: { elem: 'real', dims: [] } });
    expect(modelErrorOf(() => sourceToIR('input x')).problem).toBe('syntax error: unexpected end of model');
  });

  rule('randomStmt', () => {
    const [p, z] = irOf('param p: vector[3] ~ normal(0, 1)\nlatent z ~ normal(p[1], 1)').statements;
    expect(p).toEqual({
      kind: 'param', name: 'p', type: { elem: 'real', dims: [{ kind: 'const', value: 3 }] },
      prior: { name: 'normal', args: [num(0), num(1)] },
    });
    expect(z).toMatchObject({ kind: 'latent', name: 'z', prior: { name: 'normal' } });
  });

  rule('letStmt', () => {
    expect(irOf('let a: real = 1 + 2').statements[0]).toEqual({
      kind: 'let', name: 'a', type: { elem: 'real', dims: [] }, value: bin('+', num(1), num(2)),
    });
  });

  rule('dataStmt', () => {
    const [a, b, c] = irOf('data a ~ poisson(3)\ndata b: real = 2 * 3\ndata c: vector[2] = ${0}(1)', [() => [1, 2]]).statements;
    expect(a).toEqual({ kind: 'data', name: 'a', density: { name: 'poisson', args: [num(3)] } });
    expect(b).toEqual({ kind: 'data', name: 'b', type: { elem: 'real', dims: [] }, deterministic: bin('*', num(2), num(3)) });
    expect(c).toMatchObject({ kind: 'data', name: 'c', simulator: { label: '<anonymous>', args: [num(1)] } });
  });

  rule('typeSpec', () => {
    const types = irOf('input n: int\ninput a: real\ninput b: int\ninput c: vector[n]\ninput d: matrix[n, 2]\ninput f: int[n]')
      .statements.map((s) => s.type);
    expect(types).toEqual([
      { elem: 'int', dims: [] },
      { elem: 'real', dims: [] },
      { elem: 'int', dims: [] },
      { elem: 'real', dims: [{ kind: 'input', name: 'n' }] },
      { elem: 'real', dims: [{ kind: 'input', name: 'n' }, { kind: 'const', value: 2 }] },
      { elem: 'int', dims: [{ kind: 'input', name: 'n' }] },
    ]);
    expect(modelErrorOf(() => sourceToIR('input x: complex')).expected).toContain('a type');
  });

  rule('sizeList', () => {
    const error = modelErrorOf(() => sourceToIR('input M: matrix[3]'));
    expect(error.problem).toBe('matrix takes 2 sizes');
    expect(at(error)).toBe('1:10');
    expect(modelErrorOf(() => sourceToIR('input v: vector[3, 3]')).problem).toBe('vector takes 1 size');
  });

  rule('size', () => {
    expect(irOf('input v: vector[${0}]', [7]).statements[0]!.type).toEqual({ elem: 'real', dims: [{ kind: 'const', value: 7 }] });
    const error = modelErrorOf(() => sourceToIR('input v: vector[2.5]'));
    expect(error.problem).toBe('a size must be a whole number of at least 1 or an int input');
    expect(at(error)).toBe('1:17');
  });

  rule('distribution', () => {
    expect(irOf('param s ~ half_cauchy(0, 2.5)').statements[0]).toMatchObject({ prior: { name: 'half_cauchy', args: [num(2.5)] } });
    expect(modelErrorOf(() => sourceToIR('param s ~ half_cauchy(1, 2.5)')).problem).toMatch(/location must be 0/);
  });

  rule('argumentList', () => {
    expect(exprOf('f()')).toEqual({ kind: 'call', fn: 'f', args: [] });
    expect(exprOf('f(1, x, 2)')).toEqual({ kind: 'call', fn: 'f', args: [num(1), ref('x'), num(2)] });
    expect(modelErrorOf(() => exprOf('f(1,)')).problem).toBe("syntax error: unexpected ')'");
  });

  rule('expression', () => {
    expect(exprOf('(1)')).toEqual(num(1));
    // newlines inside brackets or after an operator continue the expression
    expect(exprOf('f(1,\n 2) +\n 3')).toEqual(bin('+', { kind: 'call', fn: 'f', args: [num(1), num(2)] }, num(3)));
  });

  rule('conditional', () => {
    expect(exprOf('a ? b : c ? 1 : 2')).toEqual({
      kind: 'conditional', cond: ref('a'), then: ref('b'),
      otherwise: { kind: 'conditional', cond: ref('c'), then: num(1), otherwise: num(2) },
    });
  });

  rule('orExpr', () => {
    expect(exprOf('a || b && c')).toEqual(bin('||', ref('a'), bin('&&', ref('b'), ref('c'))));
  });

  rule('andExpr', () => {
    expect(exprOf('a && b == c')).toEqual(bin('&&', ref('a'), bin('==', ref('b'), ref('c'))));
  });

  rule('equality', () => {
    expect(exprOf('a == b != c < d')).toEqual(bin('!=', bin('==', ref('a'), ref('b')), bin('<', ref('c'), ref('d'))));
  });

  rule('comparison', () => {
    expect(exprOf('a < b <= c > d >= e + 1')).toEqual(
      bin('>=', bin('>', bin('<=', bin('<', ref('a'), ref('b')), ref('c')), ref('d')), bin('+', ref('e'), num(1))),
    );
  });

  rule('additive', () => {
    expect(exprOf('a - b + c * d')).toEqual(bin('+', bin('-', ref('a'), ref('b')), bin('*', ref('c'), ref('d'))));
  });

  rule('multiplicative', () => {
    expect(exprOf('a * b / c .* d ./ e')).toEqual(
      bin('./', bin('.*', bin('/', bin('*', ref('a'), ref('b')), ref('c')), ref('d')), ref('e')),
    );
    expect(exprOf('2.*x')).toEqual(bin('.*', num(2), ref('x')));
  });

  rule('unary', () => {
    expect(exprOf('-x^2')).toEqual({ kind: 'unary', op: '-', arg: bin('^', ref('x'), num(2)) });
    expect(exprOf('!-a')).toEqual({ kind: 'unary', op: '!', arg: { kind: 'unary', op: '-', arg: ref('a') } });
  });

  rule('power', () => {
    expect(exprOf('2^3^2')).toEqual(bin('^', num(2), bin('^', num(3), num(2))));
    expect(exprOf('2^-1')).toEqual(bin('^', num(2), { kind: 'unary', op: '-', arg: num(1) }));
  });

  rule('postfix', () => {
    expect(exprOf('M[1][2]')).toEqual({
      kind: 'index', target: { kind: 'index', target: ref('M'), indices: [num(1)] }, indices: [num(2)],
    });
  });

  rule('indexSuffix', () => {
    expect(exprOf('M[i, j + 1]')).toEqual({ kind: 'index', target: ref('M'), indices: [ref('i'), bin('+', ref('j'), num(1))] });
  });

  rule('primary', () => {
    expect(exprOf('1e-3')).toEqual(num(0.001));
    expect(exprOf('.5')).toEqual(num(0.5));
    expect(exprOf('pi')).toEqual(ref('pi'));
    expect(exprOf('${0}', [[1, 2]])).toEqual({ kind: 'constant', value: [1, 2] });
    expect(exprOf('${0}', [[[1], [2]]])).toEqual({ kind: 'constant', value: [[1], [2]] });
    expect(exprOf('${0}', [new Float64Array([3, 4])])).toEqual({ kind: 'constant', value: [3, 4] });
  });

  rule('parenthesized', () => {
    expect(exprOf('(a + b) * c')).toEqual(bin('*', bin('+', ref('a'), ref('b')), ref('c')));
    expect(modelErrorOf(() => exprOf('(a + b')).expected).toBe("')'");
  });

  rule('vectorLiteral', () => {
    expect(exprOf('[a, 1, -2]')).toEqual({ kind: 'vector', elements: [ref('a'), num(1), { kind: 'unary', op: '-', arg: num(2) }] });
    expect(modelErrorOf(() => exprOf('[]')).problem).toBe("syntax error: unexpected ']'");
  });

  rule('localStmt', () => {
    expect(irOf('local a: vector[2]').statements[0]).toEqual({ kind: 'local', name: 'a', type: { elem: 'real', dims: [{ kind: 'const', value: 2 }] } });
    expect(irOf('local b = 1').statements[0]).toEqual({ kind: 'local', name: 'b', value: num(1) });
  });

  rule('assignStmt', () => {
    expect(irOf('a[2] += 1').statements[0]).toEqual({ kind: 'assign', name: 'a', indices: [num(2)], op: '+=', value: num(1) });
    expect(irOf('a ~ normal(0, 1)').statements[0]).toEqual({ kind: 'target', name: 'target', value: { kind: 'call', fn: 'normal_lpdf', args: [ref('a'), num(0), num(1)] } });
  });

  rule('targetStmt', () => {
    expect(irOf('target += x').statements[0]).toEqual({ kind: 'target', name: 'target', value: ref('x') });
  });

  rule('forStmt', () => {
    expect(irOf('for (i in 1:n) { target += i }').statements[0]).toEqual({ kind: 'for', name: 'i', from: num(1), to: ref('n'), body: [{ kind: 'target', name: 'target', value: ref('i') }] });
  });

  rule('ifStmt', () => {
    expect(irOf('if (a) { b = 1 }\nelse { b = 2 }').statements[0]).toMatchObject({ kind: 'if', cond: ref('a'), then: [{ kind: 'assign', value: num(1) }], otherwise: [{ kind: 'assign', value: num(2) }] });
  });

  rule('functionStmt', () => {
    expect(irOf('function f(a: real, b: vector): real { return a }').statements[0]).toEqual({
      kind: 'function', name: 'f',
      args: [{ name: 'a', type: { elem: 'real', dims: [] } }, { name: 'b', type: { elem: 'real', dims: [{ kind: 'const', value: 0 }] } }],
      returns: { elem: 'real', dims: [] }, body: [{ kind: 'return', name: 'return', value: ref('a') }],
    });
  });

  rule('functionArg', () => {
    expect(modelErrorOf(() => sourceToIR('function f(a) { return a }')).problem).toBe("syntax error: unexpected ')'");
  });

  rule('argType', () => {
    const f = irOf('function f(m: matrix, k: int): vector { return m[1] }').statements[0]!;
    if (f.kind !== 'function') throw new Error('not a function');
    expect(f.args.map((a) => a.type.dims.length)).toEqual([2, 0]);
  });

  rule('returnStmt', () => {
    expect(irOf('return 1').statements[0]).toEqual({ kind: 'return', name: 'return', value: num(1) });
  });

  rule('block', () => {
    expect(irOf('for (i in 1:2) {\n\n target += 1; target += 2\n}').statements[0]).toMatchObject({ body: [{ kind: 'target' }, { kind: 'target' }] });
  });

  rule('bounds', () => {
    expect(irOf('param s: real<lower=0, upper=a + 1>').statements[0]).toEqual({ kind: 'param', name: 's', type: { elem: 'real', dims: [], lower: num(0), upper: bin('+', ref('a'), num(1)) } });
  });

  rule('bound', () => {
    expect(modelErrorOf(() => sourceToIR('param s: real<low=0>')).problem).toBe("unknown bound 'low'");
  });

  rule('indexItem', () => {
    expect(exprOf('M[:, 2]')).toEqual({ kind: 'index', target: ref('M'), indices: [{ kind: 'slice' }, num(2)] });
    expect(exprOf('v[2:]')).toEqual({ kind: 'index', target: ref('v'), indices: [{ kind: 'slice', from: num(2) }] });
    expect(exprOf('v[:3]')).toEqual({ kind: 'index', target: ref('v'), indices: [{ kind: 'slice', to: num(3) }] });
    expect(exprOf('v[a:b]')).toEqual({ kind: 'index', target: ref('v'), indices: [{ kind: 'slice', from: ref('a'), to: ref('b') }] });
  });

  it('has a test for every rule', () => {
    const rules = Object.keys(new ModelParser().getGAstProductions());
    expect(rules.filter((r) => !tested.has(r))).toEqual([]);
  });
});

describe('locations', () => {
  it('puts line:column on every node', () => {
    const ir = sourceToIR('input n: int\nparam mu ~ normal(0, 1)\nlet t = mu + 2 * exp(mu)');
    const let_ = ir.statements[2]!;
    expect(let_.loc).toMatchObject({ line: 3, column: 5, length: 1 });
    if (let_.kind !== 'let' || let_.value?.kind !== 'binary') throw new Error('shape');
    expect(let_.value.loc).toMatchObject({ line: 3, column: 9, length: 'mu + 2 * exp(mu)'.length });
    expect(let_.value.right.loc).toMatchObject({ line: 3, column: 14, length: '2 * exp(mu)'.length });
    const prior = ir.statements[1]!.kind === 'param' ? ir.statements[1]!.prior : undefined;
    expect(prior?.loc).toMatchObject({ line: 2, column: 12 });
    expect(prior?.args[1]!.loc).toMatchObject({ line: 2, column: 22, length: 1 });
  });

  it('reports syntax errors with the caret display', () => {
    const error = modelErrorOf(() => sourceToIR('param p ~ beta(1, 1\ndata y ~ normal(p, 1)'));
    expect(error).toBeInstanceOf(ModelError);
    expect(error.message).toBe(
      "syntax error: unexpected 'data' at 2:1\n  2 | data y ~ normal(p, 1)\n      ^^^^\n  expected: ')'\n  found:    'data'",
    );
  });
});
