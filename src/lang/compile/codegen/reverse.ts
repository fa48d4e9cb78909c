/**
 * Reverse-mode rules: for an active node with adjoint g (scalar `g<id>`, array `G<id>`),
 * the statements that add its contribution to the adjoints of its active arguments.
 * Emitted in reverse node order after the forward pass, so every forward value is still live.
 * Conditions, comparisons and integer indices get no adjoint (they are piecewise constant).
 */
import { ELEMENTWISE } from '../builtins.js';
import { Ctx, elementwise, loop, type Emit } from './context.js';
import { flatIndex } from './forward.js';

export function reverseNode(ctx: Ctx, id: number): Emit {
  const n = ctx.node(id);
  const op = n.op;
  const N = ctx.size(id);
  const scalar = n.shape.length === 0;
  const i = ctx.loopVar();
  // Elementwise rules are written for element `i`; for arrays they become fusable loop bodies.
  const g = ctx.adj(id, i);
  const y = scalar ? `v${id}` : ctx.el(id, i);
  const each = (body: string): Emit => (scalar ? body : elementwise(N, (j) => body.split(i).join(j)));
  switch (op.kind) {
    case 'lpdf': {
      // logDensityGrad writes ∂/∂(x, args) into T; scale by this node's adjoint.
      const D = ctx.dist(op.dist);
      const j = ctx.loopVar();
      const a = [0, 1, 2, 3].map((k) => (k < op.args.length ? ctx.el(op.args[k]!, j) : '0'));
      const accs = op.args.map((arg, k) => ctx.acc(arg, j, `g${id} * T[${k}]`)).join(' ');
      if (!accs.trim()) return '';
      return loop(j, op.n, `${D}.logDensityGrad(T, ${a.join(', ')}); ${accs}`);
    }
    case 'literal': case 'const': case 'var': case 'not': case 'extern':
      return '';
    case 'map': {
      const f = ELEMENTWISE[op.fn]!;
      return each(ctx.acc(op.a, i, `${g} * ${f.deriv(ctx.el(op.a, i), y)}`));
    }
    case 'neg':
      return each(ctx.acc(op.a, i, `-${g}`));
    case 'bin': {
      const a = ctx.el(op.a, i), b = ctx.el(op.b, i);
      switch (op.op) {
        case '+': return each(ctx.acc(op.a, i, g) + ctx.acc(op.b, i, g));
        case '-': return each(ctx.acc(op.a, i, g) + ctx.acc(op.b, i, `-${g}`));
        case '*': return each(ctx.acc(op.a, i, `${g} * ${b}`) + ctx.acc(op.b, i, `${g} * ${a}`));
        case '/': return each(ctx.acc(op.a, i, `${g} / ${b}`) + ctx.acc(op.b, i, `-${g} * ${y} / ${b}`));
        case '^': return each(ctx.acc(op.a, i, `${g} * ${b} * Math.pow(${a}, ${b} - 1)`)
          + ctx.acc(op.b, i, `(${a} > 0 ? ${g} * ${y} * Math.log(${a}) : 0)`));
        case 'min': return each(ctx.acc(op.a, i, `(${a} <= ${b} ? ${g} : 0)`) + ctx.acc(op.b, i, `(${a} <= ${b} ? 0 : ${g})`));
        case 'max': return each(ctx.acc(op.a, i, `(${a} >= ${b} ? ${g} : 0)`) + ctx.acc(op.b, i, `(${a} >= ${b} ? 0 : ${g})`));
        case 'lse2': return each(ctx.acc(op.a, i, `${g} * Math.exp(${a} - ${y})`) + ctx.acc(op.b, i, `${g} * Math.exp(${b} - ${y})`));
        default: return '';
      }
    }
    case 'matmul': {
      const [r, k] = ctx.node(op.a).shape as [number, number];
      const m = n.shape[1]!;
      return (ctx.active(op.a) ? `R.matmulAdjA(G${id}, v${op.b}, G${op.a}, ${r}, ${k}, ${m}); ` : '')
        + (ctx.active(op.b) ? `R.matmulAdjB(v${op.a}, G${id}, G${op.b}, ${r}, ${k}, ${m});` : '');
    }
    case 'matvec': {
      const [r, k] = ctx.node(op.a).shape as [number, number];
      return (ctx.active(op.a) ? `R.matvecAdjA(G${id}, v${op.b}, G${op.a}, ${r}, ${k}); ` : '')
        + (ctx.active(op.b) ? `R.matvecAdjX(v${op.a}, G${id}, G${op.b}, ${r}, ${k});` : '');
    }
    case 'transpose': {
      const [r, c] = ctx.node(op.a).shape as [number, number];
      return `R.transposeAdj(G${id}, G${op.a}, ${r}, ${c});`;
    }
    case 'cholesky':
      return `R.choleskyAdj(v${id}, G${id}, G${op.a}, ${n.shape[0]});`;
    case 'trisolve': {
      const GL = ctx.active(op.a) ? `G${op.a}` : 'null';
      const gb = ctx.active(op.b) ? `G${op.b}` : 'null';
      return `R.solveLowerAdj(v${op.a}, v${id}, G${id}, ${GL}, ${gb}, ${N}, ${ctx.buffer(`WK${id}`, N)});`;
    }
    case 'reduce': {
      const M = ctx.size(op.a);
      const j = ctx.loopVar();
      switch (op.fn) {
        case 'sum': return loop(j, M, ctx.acc(op.a, j, `g${id}`));
        case 'mean': return loop(j, M, ctx.acc(op.a, j, `g${id} / ${M}`));
        case 'lse': return loop(j, M, ctx.acc(op.a, j, `g${id} * Math.exp(v${op.a}[${j}] - v${id})`));
        case 'sd': return `{ const m = R.mean(v${op.a}, ${M}); ${loop(j, M, ctx.acc(op.a, j, `g${id} * (v${op.a}[${j}] - m) / (${M - 1} * v${id})`))} }`;
        case 'min': case 'max': return ctx.acc(op.a, `k${id}`, `g${id}`);
      }
      break;
    }
    case 'dot': {
      const M = ctx.size(op.a);
      return loop(i, M, ctx.acc(op.a, i, `g${id} * v${op.b}[${i}]`) + ctx.acc(op.b, i, `g${id} * v${op.a}[${i}]`));
    }
    case 'index': {
      const A = ctx.node(op.a);
      if (A.shape.length === 2 && op.idx.length === 1) {
        const base = `(${ctx.ref(op.idx[0]!)} - 1) * ${A.shape[1]}`;
        return loop(i, N, ctx.acc(op.a, `${base} + ${i}`, `G${id}[${i}]`));
      }
      return ctx.acc(op.a, flatIndex(ctx, op.idx, A.shape), `g${id}`);
    }
    case 'gather':
      return loop(i, N, ctx.acc(op.a, `v${op.idx}[${i}] - 1`, `G${id}[${i}]`));
    case 'pack':
      return op.items.map((it, k) => ctx.acc(it, '0', `G${id}[${k}]`)).join(' ');
    case 'fill':
      return elementwise(N, (j) => ctx.acc(op.a, j, ctx.adj(id, j)));
    case 'diag': {
      const m = n.shape[0]!;
      return loop(i, m, ctx.acc(op.a, i, `G${id}[${i} * ${m + 1}]`));
    }
    case 'cond':
      return `if (${ctx.ref(op.c)} !== 0) { ${scalar ? ctx.acc(op.a, i, g) : loop(i, N, ctx.acc(op.a, i, g))} } else { ${scalar ? ctx.acc(op.b, i, g) : loop(i, N, ctx.acc(op.b, i, g))} }`;
  }
  throw new Error(`internal: no reverse rule for ${(op as { kind: string }).kind}`);
}
