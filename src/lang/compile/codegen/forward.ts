/**
 * Forward code for the non-variable nodes: one statement (or one loop) per SSA node.
 * Elementwise ops become loops over preallocated buffers; matrix ops call the autodiff
 * runtime (src/runtime/autodiff), whose adjoints reverse.ts calls in the reverse pass.
 */
import type { ElemBinOp } from '../graph.js';
import { ELEMENTWISE } from '../builtins.js';
import { Ctx, elementwise, loop, type Emit } from './context.js';

/** How a failed Cholesky (not positive definite) is handled where the code runs. */
export type OnFail = 'density' | 'throw';

export function binExpr(op: ElemBinOp, a: string, b: string): string {
  switch (op) {
    case '+': case '-': case '*': case '/': return `(${a} ${op} ${b})`;
    case '^': return `Math.pow(${a}, ${b})`;
    case 'min': return `Math.min(${a}, ${b})`;
    case 'max': return `Math.max(${a}, ${b})`;
    case 'lse2': return `R.lse2(${a}, ${b})`;
    case '==': return `(${a} === ${b} ? 1 : 0)`;
    case '!=': return `(${a} !== ${b} ? 1 : 0)`;
    case '&&': return `(${a} !== 0 && ${b} !== 0 ? 1 : 0)`;
    case '||': return `(${a} !== 0 || ${b} !== 0 ? 1 : 0)`;
    default: return `(${a} ${op} ${b} ? 1 : 0)`;
  }
}

/**
 * Emit the forward statement(s) of node `id` (not a `var` node): a statement for scalars and
 * matrix ops, a fusable loop body for elementwise array ops. `onFail` says what a failed
 * Cholesky does: return -Infinity from a density, or throw (preamble, simulation).
 */
export function forwardNode(ctx: Ctx, id: number, onFail: OnFail): Emit {
  const n = ctx.node(id);
  const op = n.op;
  const N = ctx.size(id);
  const scalar = n.shape.length === 0;
  const V = `v${id}`;
  const set = (expr: string): string => `const ${V} = ${expr};`;
  const i = ctx.loopVar();
  if (!scalar && op.kind !== 'const') ctx.buffer(V, N);
  const fail = (what: string): string => onFail === 'density'
    ? 'return -Infinity;'
    : `throw runtime.argError(new Error(${JSON.stringify(what)}), ${JSON.stringify(n.label)});`;
  switch (op.kind) {
    case 'literal':
      return '';
    case 'const':
      return `const ${V} = C[${JSON.stringify(op.name)}];`;
    case 'var':
      throw new Error('internal: var nodes are emitted by vars.ts');
    case 'map': {
      const f = ELEMENTWISE[op.fn]!;
      return scalar ? set(f.value(ctx.ref(op.a))) : elementwise(N, (i) => ctx.assign(id, i, f.value(ctx.el(op.a, i))));
    }
    case 'neg':
      return scalar ? set(`-${ctx.ref(op.a)}`) : elementwise(N, (i) => ctx.assign(id, i, `-${ctx.el(op.a, i)}`));
    case 'not':
      return scalar ? set(`(${ctx.ref(op.a)} === 0 ? 1 : 0)`) : elementwise(N, (i) => ctx.assign(id, i, `(${ctx.el(op.a, i)} === 0 ? 1 : 0)`));
    case 'bin':
      return scalar
        ? set(binExpr(op.op, ctx.ref(op.a), ctx.ref(op.b)))
        : elementwise(N, (i) => ctx.assign(id, i, binExpr(op.op, ctx.el(op.a, i), ctx.el(op.b, i))));
    case 'matmul': {
      const [r, k] = ctx.node(op.a).shape as [number, number];
      return `R.matmul(v${op.a}, v${op.b}, ${V}, ${r}, ${k}, ${n.shape[1]});`;
    }
    case 'matvec': {
      const [r, k] = ctx.node(op.a).shape as [number, number];
      return `R.matvec(v${op.a}, v${op.b}, ${V}, ${r}, ${k});`;
    }
    case 'transpose': {
      const [r, c] = ctx.node(op.a).shape as [number, number];
      return `R.transpose(v${op.a}, ${V}, ${r}, ${c});`;
    }
    case 'cholesky':
      return `if (!R.cholesky(v${op.a}, ${V}, ${n.shape[0]})) ${fail('cholesky: the matrix is not positive definite')}`;
    case 'trisolve':
      return `R.solveLower(v${op.a}, v${op.b}, ${V}, ${N});`;
    case 'reduce': {
      const M = ctx.size(op.a);
      const A = `v${op.a}`;
      switch (op.fn) {
        case 'sum': return `let ${V} = 0; ${loop(i, M, `${V} += ${A}[${i}];`)}`;
        case 'mean': return `let ${V} = 0; ${loop(i, M, `${V} += ${A}[${i}];`)} ${V} /= ${M};`;
        case 'lse': return set(`R.logSumExp(${A}, ${M})`);
        case 'sd': return set(`R.sd(${A}, ${M})`);
        case 'min':
        case 'max': {
          const cmp = op.fn === 'min' ? '<' : '>';
          return `let ${V} = ${A}[0], k${id} = 0; for (let ${i} = 1; ${i} < ${M}; ${i}++) { if (${A}[${i}] ${cmp} ${V}) { ${V} = ${A}[${i}]; k${id} = ${i}; } }`;
        }
      }
      break;
    }
    case 'dot':
      return `let ${V} = 0; ${loop(i, ctx.size(op.a), `${V} += v${op.a}[${i}] * v${op.b}[${i}];`)}`;
    case 'index': {
      const A = ctx.node(op.a);
      const checks = op.idx.map((ix, k) => indexCheck(ctx, ix, A.shape[k]!, n.label)).join(' ');
      if (A.shape.length === 2 && op.idx.length === 1) {
        const base = `(${ctx.ref(op.idx[0]!)} - 1) * ${A.shape[1]}`;
        return `${checks} ${loop(i, N, `${V}[${i}] = v${op.a}[${base} + ${i}];`)}`;
      }
      return `${checks} ${set(`v${op.a}[${flatIndex(ctx, op.idx, A.shape)}]`)}`;
    }
    case 'gather': {
      const M = ctx.size(op.a);
      const check = ctx.isConst(op.idx) ? '' : `R.checkIndex(v${op.idx}[${i}], ${M}, ${JSON.stringify(n.label)}); `;
      return loop(i, N, `${check}${V}[${i}] = v${op.a}[v${op.idx}[${i}] - 1];`);
    }
    case 'pack':
      return op.items.map((it, k) => `${V}[${k}] = ${ctx.ref(it)};`).join(' ');
    case 'fill':
      return elementwise(N, (i) => ctx.assign(id, i, ctx.ref(op.a)));
    case 'diag': {
      const m = n.shape[0]!;
      return `${V}.fill(0); ${loop(i, m, `${V}[${i} * ${m + 1}] = v${op.a}[${i}];`)}`;
    }
    case 'lpdf': {
      const D = ctx.dist(op.dist);
      const j = ctx.loopVar();
      const a = [0, 1, 2, 3].map((k) => (k < op.args.length ? ctx.el(op.args[k]!, j) : '0'));
      return `let ${V} = 0; ${loop(j, op.n, `${V} += ${D}.logDensity(${a.join(', ')});`)}`;
    }
    case 'extern': {
      const argv = op.args.map((a) => (ctx.isScalar(a) ? ctx.ref(a) : `runtime.simArg(v${a}, ${JSON.stringify(ctx.node(a).shape)})`));
      const out = scalar ? ctx.buffer(`XE${id}`, 1) : V;
      const call = `runtime.externOutput(SIM[${op.index}](${argv.join(', ')}), ${op.index}, ${out});`;
      return scalar ? `${call} const ${V} = ${out}[0];` : call;
    }
    case 'cond':
      return scalar
        ? set(`(${ctx.ref(op.c)} !== 0 ? ${ctx.ref(op.a)} : ${ctx.ref(op.b)})`)
        : `if (${ctx.ref(op.c)} !== 0) ${loop(i, N, `${V}[${i}] = ${ctx.el(op.a, i)};`)} else ${loop(i, N, `${V}[${i}] = ${ctx.el(op.b, i)};`)}`;
  }
  throw new Error(`internal: no forward rule for ${(op as { kind: string }).kind}`);
}

/** Row-major flat offset of 1-based scalar indices. */
export function flatIndex(ctx: Ctx, idx: number[], shape: number[]): string {
  if (idx.length === 1) return `${ctx.ref(idx[0]!)} - 1`;
  return `(${ctx.ref(idx[0]!)} - 1) * ${shape[1]} + ${ctx.ref(idx[1]!)} - 1`;
}

/** Literal and constant indices were range-checked by the lowering; others are checked here. */
function indexCheck(ctx: Ctx, ix: number, n: number, label: string): string {
  const op = ctx.node(ix).op;
  if (op.kind === 'literal' || op.kind === 'const') return '';
  return `R.checkIndex(${ctx.ref(ix)}, ${n}, ${JSON.stringify(label)});`;
}
