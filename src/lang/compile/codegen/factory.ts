/**
 * Assembles the generated factory: `function amortizeModel(runtime) { ... }` returning
 * { logPrior, logPriorGrad, logLikelihood, logJoint, logJointGrad, simulate, simulateData }.
 *
 * The factory body first computes every CONST node once (so e.g. `-D` of a constant distance
 * matrix is never recomputed), then declares the buffers, then the functions. Each density
 * function emits only the nodes its terms need. Gradient functions run the forward pass with
 * term adjoints seeded inline, then the reverse rules in reverse node order.
 *
 * The source mentions only `runtime` (getDistribution, bijectorFor, ad, constants, and for
 * simulation only simulators/simArg/simOutput/argError), so it can be rebuilt in a worker.
 */
import { ModelError } from '../../errors.js';
import { CONST, PARAM, type Graph, type GraphVar, type Node } from '../graph.js';
import { Ctx, elementwise, fuse, loop, type Emit } from './context.js';
import { forwardNode } from './forward.js';
import { reverseNode } from './reverse.js';
import { pointwiseCode, termCode, varFromU, varFromUAdj, varFromX, varSimulate, type SimMode } from './vars.js';

type TermSet = 'prior' | 'likelihood' | 'joint' | 'params';

export function generateFactory(graph: Graph): string {
  const ctx = new Ctx(graph);
  // CONST nodes first, so later declarations may refer to them.
  for (const n of graph.nodes) {
    if (n.stage !== CONST) continue;
    ctx.preamble.push(...fuse([forwardNode(ctx, n.id, 'throw')]));
  }
  const fns = [
    densityFn(ctx, 'logPrior', '(u)', 'prior', false),
    densityFn(ctx, 'logPriorGrad', '(u, grad)', 'prior', true),
    densityFn(ctx, 'logLikelihood', '(u, x)', 'likelihood', false),
    densityFn(ctx, 'logJoint', '(u, x)', 'joint', false),
    densityFn(ctx, 'logJointGrad', '(u, x, grad)', 'joint', true),
    densityFn(ctx, 'logParamPrior', '(u)', 'params', false),
    densityFn(ctx, 'logParamPriorGrad', '(u, grad)', 'params', true),
    simulateFn(ctx, 'sim'),
    simulateFn(ctx, 'simData'),
    derivedFn(ctx),
    pointwiseFn(ctx),
  ];
  const checks = argChecks(ctx);
  return [
    'function amortizeModel(runtime) {',
    '"use strict";',
    'const R = runtime.ad, C = runtime.constants, SIM = runtime.simulators || [];',
    'const T = new Float64Array(4), S = new Float64Array(1);',
    ...ctx.preamble,
    ...checks,
    ...fns,
    'return { logPrior, logPriorGrad, logLikelihood, logJoint, logJointGrad, logParamPrior, logParamPriorGrad, simulate, simulateData, computeDerived, pointwise };',
    '}',
  ].join('\n');
}

function termVars(graph: Graph, set: TermSet): GraphVar[] {
  return graph.vars.filter((v) => {
    if (!v.dist) return false;
    if (set === 'params') return v.kind === 'param';
    const isData = v.kind === 'data';
    return set === 'joint' || (set === 'prior') !== isData;
  });
}

/** Node ids a node reads (in density mode a variable reads u or x, not its distribution). */
function deps(n: Node): number[] {
  const op = n.op;
  switch (op.kind) {
    case 'literal': case 'const': case 'var': return [];
    case 'map': case 'neg': case 'not': case 'transpose': case 'cholesky': case 'reduce': case 'fill': case 'diag': return [op.a];
    case 'bin': case 'matmul': case 'matvec': case 'dot': case 'trisolve': return [op.a, op.b];
    case 'index': return [op.a, ...op.idx];
    case 'gather': return [op.a, op.idx];
    case 'pack': return op.items;
    case 'cond': return [op.c, op.a, op.b];
    case 'extern': case 'lpdf': return op.args;
  }
}

function densityFn(ctx: Ctx, name: string, params: string, set: TermSet, withGrad: boolean): string {
  const graph = ctx.graph;
  const terms = termVars(graph, set);
  const jacobian = set !== 'likelihood';
  const needed = new Set<number>();
  const visit = (id: number): void => {
    if (needed.has(id)) return;
    needed.add(id);
    for (const d of deps(graph.nodes[id]!)) visit(d);
  };
  for (const v of terms) [v.node, ...v.dist!.args].forEach(visit);
  const targets = graph.targets.filter((t) => set === 'joint' || (set === 'likelihood') === t.likelihood);
  for (const t of targets) visit(t.node);
  const ext = [...needed].find((id) => graph.nodes[id]!.op.kind === 'extern');
  if (ext !== undefined) {
    const d = graph.derived.find((q) => q.node === ext);
    throw new ModelError(`let '${d?.name ?? graph.nodes[ext]!.label}' is computed by a TypeScript function, which has no derivative, so no density may use it (it can only be reported)`);
  }
  // Every param and latent carries log|J| in the prior, even one nothing else refers to.
  // (The parameter-block prior has only the params' Jacobians: its u holds no latents.)
  if (jacobian) for (const v of graph.vars) if (v.kind === 'param' || (v.kind === 'latent' && set !== 'params')) visit(v.node);
  const termOf = new Map(terms.map((v) => [v.node, v]));
  const varOf = new Map(graph.vars.map((v) => [v.node, v]));
  if (set === 'params') {
    // A param whose prior depends on a latent or on data has no marginal prior in closed form.
    const bad = [...needed].map((id) => varOf.get(id)).find((v) => v && v.kind !== 'param');
    if (bad) {
      const msg = `the prior of the parameters depends on ${bad.kind} '${bad.name}', so it has no closed form over the parameter block alone`;
      return `function ${name}${params} { throw runtime.inferenceError(${JSON.stringify(msg)}); }`;
    }
  }
  const order = [...needed].filter((id) => graph.nodes[id]!.stage !== CONST).sort((a, b) => a - b);

  // Forward items, tagged with what they compute: a node's value or the term of a variable.
  const items: Tagged[] = [];
  for (const id of order) {
    const v = varOf.get(id);
    items.push({ emit: v ? (v.kind === 'data' ? varFromX(ctx, v) : varFromU(ctx, v, jacobian)) : forwardNode(ctx, id, 'density'), node: id, term: false });
    const t = termOf.get(id);
    if (t) items.push({ emit: termCode(ctx, t, withGrad), node: id, term: true });
    // target += terms: add the value; seed its adjoint (a node may be added more than once).
    const times = targets.filter((x) => x.node === id).length;
    if (times > 0) {
      const seed = withGrad && graph.nodes[id]!.stage === PARAM ? ` g${id} += ${times};` : '';
      items.push({ emit: `lp += ${times === 1 ? ctx.ref(id) : `${times} * ${ctx.ref(id)}`};${seed}`, node: id, term: true });
    }
  }
  // Constant target terms (inputs only) are computed in the factory preamble.
  const constTargets = targets.filter((t) => graph.nodes[t.node]!.stage === CONST);
  const regions = localRegions(ctx, items, order, termOf);
  const inRegion = new Set<number>();
  for (const r of regions) for (const id of r.nodes) inRegion.add(id);

  const lines: Emit[] = [];
  if (withGrad) {
    // Scalar adjoints first so the array zeroing loops below stay adjacent and fuse.
    for (const id of order) if (graph.nodes[id]!.stage === PARAM && ctx.isScalar(id)) lines.push(`let g${id} = 0;`);
    const gradLen = graph.vars.filter((v) => v.kind === 'param' || (v.kind === 'latent' && set !== 'params')).reduce((s, v) => s + v.uSize, 0);
    lines.push(elementwise(gradLen, (i) => `grad[${i}] = 0;`));
    for (const id of order) {
      if (graph.nodes[id]!.stage !== PARAM || ctx.isScalar(id) || inRegion.has(id)) continue;
      const G = ctx.buffer(`G${id}`, ctx.size(id));
      lines.push(elementwise(ctx.size(id), (i) => `${G}[${i}] = 0;`));
    }
  }
  for (let k = 0; k < items.length; k++) {
    const r = regions.find((x) => x.start === k);
    if (!r) {
      lines.push(items[k]!.emit);
      continue;
    }
    lines.push(regionLoop(ctx, items.slice(r.start, r.end), r.nodes, withGrad, varOf));
    k = r.end - 1;
  }
  if (withGrad) {
    lines.push('// reverse pass');
    for (let k = order.length - 1; k >= 0; k--) {
      const id = order[k]!;
      if (graph.nodes[id]!.stage !== PARAM || inRegion.has(id)) continue;
      const v = varOf.get(id);
      lines.push(v ? (v.kind === 'data' ? '' : varFromUAdj(ctx, v)) : reverseNode(ctx, id));
    }
  }
  for (const id of ctx.local) if (!inRegion.has(id)) throw new Error('internal: stray local node');
  const body = fuse(lines);
  ctx.local.clear();
  const lp0 = constTargets.length ? constTargets.map((t) => ctx.ref(t.node)).join(' + ') : '0';
  return [`function ${name}${params} {`, `let lp = ${lp0};`, ...body, 'return lp;', '}'].join('\n');
}

interface Tagged {
  emit: Emit;
  node: number;
  term: boolean;
}

interface Region {
  start: number;
  end: number;
  nodes: number[];
}

/**
 * Runs of consecutive elementwise items of equal length whose nodes are used only inside the
 * run ("closed"). Such a run becomes one loop whose values and adjoints are loop-local
 * scalars, with the reverse rules emitted in the same iteration right after the forward ones:
 * nothing outside reads those values or adds to those adjoints, so this is exact. Marks the
 * nodes in ctx.local.
 */
function localRegions(ctx: Ctx, items: Tagged[], order: number[], termOf: Map<number, GraphVar>): Region[] {
  const users = new Map<number, string[]>();
  const use = (id: number, by: string) => users.set(id, [...(users.get(id) ?? []), by]);
  for (const id of order) for (const d of deps(ctx.node(id))) use(d, `n${id}`);
  for (const [id, v] of termOf) for (const a of [id, ...v.dist!.args]) use(a, `t${id}`);
  for (const t of ctx.graph.targets) use(t.node, `target`);
  const regions: Region[] = [];
  let k = 0;
  while (k < items.length) {
    const first = items[k]!.emit;
    if (typeof first === 'string') {
      k++;
      continue;
    }
    let j = k;
    while (j < items.length) {
      const e = items[j]!.emit;
      if (typeof e === 'string' ? e.trim() !== '' : e.n !== first.n) break;
      j++;
    }
    const members = new Set(items.slice(k, j).map((t) => (t.term ? `t${t.node}` : `n${t.node}`)));
    const nodes = items.slice(k, j).filter((t) => !t.term && typeof t.emit !== 'string').map((t) => t.node);
    const closed = nodes.length > 0 && nodes.every((id) => (users.get(id) ?? []).every((u) => members.has(u)));
    if (closed) {
      regions.push({ start: k, end: j, nodes });
      for (const id of nodes) ctx.local.add(id);
    }
    k = j;
  }
  return regions;
}

/** One loop: local adjoints, forward bodies in order, then reverse bodies in reverse order. */
function regionLoop(ctx: Ctx, items: Tagged[], nodes: number[], withGrad: boolean, varOf: Map<number, GraphVar>): Emit {
  const n = (items.find((t) => typeof t.emit !== 'string')!.emit as { n: number }).n;
  return elementwise(n, (i) => {
    const body = (e: Emit): string => (typeof e === 'string' ? e : e.body(i));
    const parts: string[] = [];
    if (withGrad) for (const id of nodes) if (ctx.active(id)) parts.push(`let G${id} = 0;`);
    for (const t of items) parts.push(body(t.emit));
    if (withGrad) {
      for (let k = nodes.length - 1; k >= 0; k--) {
        const id = nodes[k]!;
        if (!ctx.active(id)) continue;
        const v = varOf.get(id);
        parts.push(body(v ? varFromUAdj(ctx, v) : reverseNode(ctx, id)));
      }
    }
    return parts.filter((p) => p.trim()).join(' ');
  });
}

function simulateFn(ctx: Ctx, mode: SimMode): string {
  const graph = ctx.graph;
  const varOf = new Map(graph.vars.map((v) => [v.node, v]));
  const latentDim = graph.vars.filter((v) => v.kind === 'latent').reduce((s, v) => s + v.size, 0);
  const lines: Emit[] = mode === 'sim'
    ? ['function simulate(rng, theta, tOff, lat, lOff, x, xOff) {']
    : ['function simulateData(rng, thIn, tiOff, x, xOff) {', `const lat = ${ctx.buffer('LATBUF', Math.max(1, latentDim))}, lOff = 0, theta = null, tOff = 0;`];
  const blocking = graph.targets.some((t) => mode === 'sim' || t.likelihood);
  if (blocking) {
    const msg = 'cannot simulate: the model has target += (or ~ on an existing name) statements, which have no generative form; NUTS works, simulation-based backends need every density written on its statement';
    return [...lines, `throw runtime.inferenceError(${JSON.stringify(msg)});`, '}'].join('\n');
  }
  for (const n of graph.nodes) {
    if (n.stage === CONST || n.op.kind === 'extern') continue; // TS lets are outputs only
    const v = varOf.get(n.id);
    lines.push(v ? varSimulate(ctx, v, mode) : forwardNode(ctx, n.id, 'throw'));
  }
  return [...fuse(lines), '}'].join('\n');
}

/** The nodes (not CONST) that `roots` need, in evaluation (id) order. */
function neededNodes(graph: Graph, roots: number[]): number[] {
  const needed = new Set<number>();
  const visit = (id: number): void => {
    if (needed.has(id)) return;
    needed.add(id);
    for (const d of deps(graph.nodes[id]!)) visit(d);
  };
  roots.forEach(visit);
  return [...needed].filter((id) => graph.nodes[id]!.stage !== CONST).sort((a, b) => a - b);
}

/** Forward code computing the given nodes from u and x, no adjoints, no Jacobians. */
function forwardOnly(ctx: Ctx, order: number[]): Emit[] {
  const varOf = new Map(ctx.graph.vars.map((v) => [v.node, v]));
  return order.map((id) => {
    const v = varOf.get(id);
    return v ? (v.kind === 'data' ? varFromX(ctx, v) : varFromU(ctx, v, false)) : forwardNode(ctx, id, 'throw');
  });
}

/** computeDerived(u, x, out): every `let` at u, flattened in source order (x may be null when no let reads data). */
function derivedFn(ctx: Ctx): string {
  const graph = ctx.graph;
  const lines: Emit[] = forwardOnly(ctx, neededNodes(graph, graph.derived.map((d) => d.node)));
  for (const d of graph.derived) {
    lines.push(d.shape.length === 0
      ? `out[${d.offset}] = ${ctx.ref(d.node)};`
      : elementwise(d.size, (i) => `out[${d.offset} + ${i}] = ${ctx.el(d.node, i)};`));
  }
  return ['function computeDerived(u, x, out) {', ...fuse(lines), '}'].join('\n');
}

/** pointwise(u, x, out): one log-density per observed element (per event for multivariate data). */
function pointwiseFn(ctx: Ctx): string {
  const graph = ctx.graph;
  const obs = graph.vars.filter((v) => v.kind === 'data' && v.dist);
  const lik = graph.targets.filter((t) => t.likelihood);
  const lines: Emit[] = forwardOnly(ctx, neededNodes(graph, [...obs.flatMap((v) => [v.node, ...v.dist!.args]), ...lik.map((t) => t.node)]));
  let off = 0;
  for (const v of obs) {
    lines.push(pointwiseCode(ctx, v, off));
    off += pointwiseSize(v);
  }
  // One term per `target +=` (per loop iteration) that reads data, in execution order.
  for (const t of lik) lines.push(`out[${off++}] = ${ctx.ref(t.node)};`);
  return ['function pointwise(u, x, out) {', ...fuse(lines), '}'].join('\n');
}

/** How many pointwise terms a data variable contributes: its elements, or its events for a vector distribution. */
export function pointwiseSize(v: GraphVar): number {
  return v.dist!.def.kind === 'vector' ? v.size / v.dist!.eventSize : v.size;
}

/** Distribution argument checks for constant arguments, run once when the factory is built. */
function argChecks(ctx: Ctx): string[] {
  const out: string[] = [];
  for (const v of ctx.graph.vars) {
    if (!v.dist) continue;
    const d = { ...v.dist, ...(v.dist.checkAs ?? {}) };
    if (!d.args.every((a) => ctx.isConst(a))) continue;
    const D = ctx.dist(d.def.name);
    let body: string;
    if (d.def.kind === 'vector') {
      body = `${D}.checkArgs([${d.args.map((a) => (ctx.isScalar(a) ? `Float64Array.of(${ctx.ref(a)})` : `v${a}`)).join(', ')}], ${d.eventSize});`;
    } else {
      const i = ctx.loopVar();
      const a = [0, 1, 2].map((k) => (k < d.args.length ? ctx.el(d.args[k]!, i) : '0'));
      const n = Math.max(1, ...d.args.map((x) => ctx.size(x)));
      body = loop(i, n, `${D}.checkArgs(${a.join(', ')});`);
    }
    out.push(`try { ${body} } catch (e) { throw runtime.argError(e, ${JSON.stringify(v.name)}); }`);
  }
  return out;
}
