/**
 * Code for variable nodes (params, latents, data) and for the density terms attached to them.
 *
 * Density mode: a param/latent comes from u through its bijector (log|J| added to the prior
 * when `jacobian`), data comes from x. Simulation mode: values are drawn from the
 * distribution (ancestral order is node order), computed from `= expr`, or returned by a TS
 * simulator, and written to the θ / latent / x outputs.
 */
import type { GraphVar } from '../graph.js';
import { Ctx, elementwise, loop, type Emit } from './context.js';
import { inlineNormal } from './inline-normal.js';

export type SimMode = 'sim' | 'simData';

function isIdentity(v: GraphVar): boolean {
  return v.support.kind === 'real';
}

/** u → value for a param/latent; `lp` receives log|J| when `jacobian`. */
export function varFromU(ctx: Ctx, v: GraphVar, jacobian: boolean): Emit {
  const id = v.node;
  if (isIdentity(v)) {
    if (v.size === 1 && v.shape.length === 0) return `const v${id} = u[${v.uOffset}];`;
    ctx.buffer(`v${id}`, v.size);
    return elementwise(v.size, (i) => ctx.assign(id, i, `u[${v.uOffset} + ${i}]`));
  }
  const B = ctx.bijector(JSON.stringify(v.support));
  const lj = jacobian ? 'lp += ' : '';
  if (v.shape.length === 0) return `${lj}${B}.forward(u, ${v.uOffset}, S, 0, 1); const v${id} = S[0];`;
  ctx.buffer(`v${id}`, v.size);
  return `${lj}${B}.forward(u, ${v.uOffset}, v${id}, 0, ${v.size});`;
}

/** Reverse of varFromU: adjoint of the value (and of log|J|, via `backward`) into grad. */
export function varFromUAdj(ctx: Ctx, v: GraphVar): Emit {
  const id = v.node;
  if (isIdentity(v)) {
    if (v.shape.length === 0) return `grad[${v.uOffset}] += g${id};`;
    return elementwise(v.size, (i) => `grad[${v.uOffset} + ${i}] += ${ctx.adj(id, i)};`);
  }
  const B = ctx.bijector(JSON.stringify(v.support));
  if (v.shape.length === 0) return `S[0] = g${id}; ${B}.backward(u, ${v.uOffset}, S, 0, grad, ${v.uOffset}, 1);`;
  return `${B}.backward(u, ${v.uOffset}, G${id}, 0, grad, ${v.uOffset}, ${v.size});`;
}

/** A data value read from x. */
export function varFromX(ctx: Ctx, v: GraphVar): Emit {
  const id = v.node;
  if (v.shape.length === 0) return `const v${id} = x[${v.offset}];`;
  ctx.buffer(`v${id}`, v.size);
  return elementwise(v.size, (i) => ctx.assign(id, i, `x[${v.offset} + ${i}]`));
}

/** A vector distribution's argument list, preallocated once (scalars wrapped in 1-slot arrays). */
function vectorArgs(ctx: Ctx, v: GraphVar): { list: string; fill: string } {
  const args = v.dist!.args;
  const list = `A${v.node}`;
  const items: string[] = [];
  let fill = '';
  args.forEach((a, k) => {
    if (ctx.isScalar(a)) {
      const w = ctx.buffer(`W${v.node}_${k}`, 1);
      items.push(w);
      fill += `${w}[0] = ${ctx.ref(a)}; `;
    } else items.push(`v${a}`);
  });
  ctx.once(list, `const ${list} = [${items.join(', ')}];`);
  return { list, fill };
}

/** Draw a param/latent/data value in simulation; also writes it to its output. */
export function varSimulate(ctx: Ctx, v: GraphVar, mode: SimMode): string {
  const id = v.node;
  const scalar = v.shape.length === 0;
  const i = ctx.loopVar();
  if (!scalar) ctx.buffer(`v${id}`, v.size);
  const out = v.kind === 'param' ? 'theta' : v.kind === 'latent' ? 'lat' : 'x';
  const base = v.kind === 'param' ? 'tOff' : v.kind === 'latent' ? 'lOff' : 'xOff';
  const write = scalar ? `${out}[${base} + ${v.offset}] = v${id};` : loop(i, v.size, `${out}[${base} + ${v.offset} + ${i}] = v${id}[${i}];`);
  if (mode === 'simData' && v.kind === 'param') {
    return scalar ? `const v${id} = thIn[tiOff + ${v.offset}];` : loop(i, v.size, `v${id}[${i}] = thIn[tiOff + ${v.offset} + ${i}];`);
  }
  const cannot = (why: string): string => `throw runtime.inferenceError(${JSON.stringify(`cannot simulate: ${why}`)});`;
  if (v.flat) return cannot(`${v.kind} '${v.name}' has a flat (improper) prior, which cannot be sampled; give it a proper prior with ~`);
  if (v.observed) return cannot(`data '${v.name}' is observed through target += / ~ statements, which have no generative form; write its density on the data statement (data ${v.name} ~ ...)`);
  if (v.deterministic !== undefined) {
    const e = v.deterministic;
    return (scalar ? `const v${id} = ${ctx.ref(e)};` : loop(i, v.size, `v${id}[${i}] = ${ctx.el(e, i)};`)) + ' ' + write;
  }
  if (v.simulator) {
    const s = v.simulator;
    const argv = s.args.map((a) => (ctx.isScalar(a) ? ctx.ref(a) : `runtime.simArg(v${a}, ${JSON.stringify(ctx.node(a).shape)})`));
    const call = `runtime.simOutput(SIM[${s.index}](rng${argv.map((x) => ', ' + x).join('')}), ${s.index}, x, xOff + ${v.offset});`;
    const read = scalar ? `const v${id} = x[xOff + ${v.offset}];` : loop(i, v.size, `v${id}[${i}] = x[xOff + ${v.offset} + ${i}];`);
    return `${call} ${read}`;
  }
  const d = v.dist!;
  const D = ctx.dist(d.def.name);
  if (d.def.kind === 'vector') {
    const { list, fill } = vectorArgs(ctx, v);
    const k = d.eventSize;
    if (scalar) {
      const w = ctx.buffer(`XW${id}`, 1);
      return `${fill}${D}.sample(rng, ${list}, 1, ${w}); const v${id} = ${w}[0]; ${write}`;
    }
    const reps = v.size / k;
    if (reps === 1) return `${fill}${D}.sample(rng, ${list}, ${k}, v${id}); ${write}`;
    const views = eventViews(ctx, `v${id}`, reps, k);
    return `${fill}${loop(i, reps, `${D}.sample(rng, ${list}, ${k}, ${views}[${i}]);`)} ${write}`;
  }
  const a = [0, 1, 2].map((k) => (k < d.args.length ? ctx.el(d.args[k]!, i) : '0'));
  const draw = `${D}.sample(rng, ${a.join(', ')})`;
  if (v.truncated) {
    // The declared bounds truncate the prior: draw until inside them (Stan's semantics).
    const B = ctx.bijector(JSON.stringify(v.support));
    const inside = (x: string): string => `(S[0] = ${x}, ${B}.inverse(S, 0, TR, 0, 1), TR[0] === TR[0])`;
    ctx.once('TR', 'const TR = new Float64Array(1);');
    const give = `throw runtime.inferenceError(${JSON.stringify(`cannot simulate '${v.name}': 10000 draws of its prior all fell outside its declared bounds`)})`;
    const one = (target: string): string => `for (let r_ = 0; ; r_++) { const d_ = ${draw}; if (${inside('d_')}) { ${target} = d_; break; } if (r_ > 10000) ${give}; }`;
    return scalar ? `let v${id} = 0; ${one(`v${id}`)} ${write}` : `${loop(i, v.size, one(`v${id}[${i}]`))} ${write}`;
  }
  return scalar ? `const v${id} = ${draw}; ${write}` : `${loop(i, v.size, `v${id}[${i}] = ${draw};`)} ${write}`;
}

/**
 * `lp += log p(value | args)`; in gradient mode the term also adds its partial derivatives to
 * the adjoints of value and args right away (seeding the reverse pass), so it has no separate
 * reverse code.
 */
export function termCode(ctx: Ctx, v: GraphVar, withGrad: boolean): Emit {
  const d = v.dist!;
  const D = ctx.dist(d.def.name);
  const id = v.node;
  const involved = [id, ...d.args];
  const grad = withGrad && involved.some((a) => ctx.active(a));
  if (d.def.kind === 'vector') return vectorTerm(ctx, v, D, grad);
  // Scalar distribution, possibly vectorised: one fusable loop body per element.
  const scalar = v.shape.length === 0;
  const body = (i: string): string => {
    const a = [0, 1, 2].map((k) => (k < d.args.length ? ctx.el(d.args[k]!, i) : '0'));
    if (d.def.name === 'normal') {
      return inlineNormal(ctx.el(id, i), a[0]!, a[1]!, grad ? (k, e) => ctx.acc(involved[k]!, i, e) : undefined);
    }
    if (!grad) return `lp += ${D}.logDensity(${ctx.el(id, i)}, ${a.join(', ')});`;
    const accs = involved.map((node, k) => ctx.acc(node, i, `T[${k}]`)).join(' ');
    return `lp += ${D}.logDensityGrad(T, ${ctx.el(id, i)}, ${a.join(', ')}); ${accs}`;
  };
  return scalar ? body('0') : elementwise(v.size, body);
}

/** out[off + k] = the log density of observation element (or event) k of data variable v. */
export function pointwiseCode(ctx: Ctx, v: GraphVar, off: number): Emit {
  const d = v.dist!;
  const D = ctx.dist(d.def.name);
  const id = v.node;
  if (d.def.kind === 'vector') {
    const { list, fill } = vectorArgs(ctx, v);
    const k = d.eventSize;
    const reps = v.size / k;
    if (v.shape.length === 0) {
      const xs = ctx.buffer(`XW${id}`, 1);
      return `${fill}${xs}[0] = v${id}; out[${off}] = ${D}.logDensity(${xs}, ${list}, ${k});`;
    }
    if (reps === 1) return `${fill}out[${off}] = ${D}.logDensity(v${id}, ${list}, ${k});`;
    const r = ctx.loopVar();
    return `${fill}${loop(r, reps, `out[${off} + ${r}] = ${D}.logDensity(${eventViews(ctx, `v${id}`, reps, k)}[${r}], ${list}, ${k});`)}`;
  }
  const body = (i: string): string => {
    const a = [0, 1, 2].map((k) => (k < d.args.length ? ctx.el(d.args[k]!, i) : '0'));
    return `out[${off} + ${i}] = ${D}.logDensity(${ctx.el(id, i)}, ${a.join(', ')});`;
  };
  return v.shape.length === 0 ? body('0') : elementwise(v.size, body);
}

/** Per-event subarray views of a buffer holding `reps` events of size k, created once. */
function eventViews(ctx: Ctx, buf: string, reps: number, k: number): string {
  return ctx.once(`${buf}_ev`, `const ${buf}_ev = Array.from({ length: ${reps} }, (_, r) => ${buf}.subarray(r * ${k}, r * ${k} + ${k}));`);
}

/**
 * A vector distribution's term. The value holds one event (a scalar when k = 1, wrapped in a
 * 1-slot buffer) or several i.i.d. events (one subarray view each). logDensityGrad ADDS into its
 * outputs, so active nodes pass their adjoint buffers directly; inactive ones get scratch
 * buffers that are never read (and so never need zeroing).
 */
function vectorTerm(ctx: Ctx, v: GraphVar, D: string, grad: boolean): Emit {
  const d = v.dist!;
  const id = v.node;
  const k = d.eventSize;
  const reps = v.size / k;
  const scalar = v.shape.length === 0;
  const { list, fill } = vectorArgs(ctx, v);
  const r = ctx.loopVar();
  let pre = fill;
  let post = '';
  let xs: string;
  if (scalar) {
    xs = ctx.buffer(`XW${id}`, 1);
    pre += `${xs}[0] = v${id}; `;
  } else xs = reps === 1 ? `v${id}` : `${eventViews(ctx, `v${id}`, reps, k)}[${r}]`;
  const rep = (body: string): string => (reps === 1 ? body : loop(r, reps, body));
  if (!grad) return `${pre}${rep(`lp += ${D}.logDensity(${xs}, ${list}, ${k});`)}`;
  const gItems: string[] = [];
  d.args.forEach((a, j) => {
    if (ctx.isScalar(a)) {
      const w = ctx.buffer(`WG${id}_${j}`, 1);
      gItems.push(w);
      if (ctx.active(a)) {
        pre += `${w}[0] = 0; `;
        post += `g${a} += ${w}[0]; `;
      }
    } else gItems.push(ctx.active(a) ? ctx.buffer(`G${a}`, ctx.size(a)) : ctx.buffer(`Z${id}_${j}`, ctx.size(a)));
  });
  let gx: string;
  if (!ctx.active(id)) gx = ctx.buffer(`Z${id}_x`, k);
  else if (scalar) {
    gx = ctx.buffer(`GXW${id}`, 1);
    pre += `${gx}[0] = 0; `;
    post += `g${id} += ${gx}[0]; `;
  } else {
    ctx.buffer(`G${id}`, v.size);
    gx = reps === 1 ? `G${id}` : `${eventViews(ctx, `G${id}`, reps, k)}[${r}]`;
  }
  ctx.once(`GA${id}`, `const GA${id} = [${gItems.join(', ')}];`);
  return `${pre}${rep(`lp += ${D}.logDensityGrad(${xs}, ${list}, ${k}, ${gx}, GA${id});`)} ${post}`;
}
