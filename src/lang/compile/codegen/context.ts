/**
 * Shared naming and helpers for the code generator.
 *
 * Naming scheme in the generated source:
 * - `v<id>`: a node's value. Scalars are locals (or factory-scope constants for CONST nodes);
 *   vectors and matrices are Float64Arrays allocated once in the factory scope.
 * - `g<id>` / `G<id>`: a node's adjoint (scalar local / factory-scope Float64Array).
 * - `D<k>`, `B<k>`: distributions and bijectors looked up once when the factory runs.
 * - `C`: the constants table, `R`: the autodiff runtime, `T`: a 4-slot scratch for scalar
 *   distribution gradients, `S`: a 1-slot scratch for scalar bijectors.
 */
import { CONST, PARAM, sizeOf, type Graph, type Node } from '../graph.js';

export class Ctx {
  /** Factory-scope declarations (buffers, lookups, constant nodes). */
  readonly preamble: string[] = [];
  private distIds = new Map<string, string>();
  private bijIds = new Map<string, string>();
  private arrays = new Set<string>();
  private loopDepth = 0;

  constructor(readonly graph: Graph) {}

  node(id: number): Node {
    return this.graph.nodes[id]!;
  }

  isScalar(id: number): boolean {
    return this.node(id).shape.length === 0;
  }

  size(id: number): number {
    return sizeOf(this.node(id).shape);
  }

  active(id: number): boolean {
    return this.node(id).stage === PARAM;
  }

  /**
   * Array nodes that live only inside one fused elementwise loop (factory.ts decides): their
   * value and adjoint at element i are loop-local scalars `v<id>` / `G<id>`, not buffers.
   */
  readonly local = new Set<number>();

  /** The statement that stores element i of an elementwise node. */
  assign(id: number, i: string, expr: string): string {
    return this.local.has(id) ? `const v${id} = ${expr};` : `v${id}[${i}] = ${expr};`;
  }

  /** The expression for a scalar node (literals are inlined). */
  ref(id: number): string {
    const n = this.node(id);
    if (n.op.kind === 'literal') return num(n.op.value);
    return `v${id}`;
  }

  /** Element `i` of a node, broadcasting scalars. */
  el(id: number, i: string): string {
    return this.isScalar(id) ? this.ref(id) : this.local.has(id) ? `v${id}` : `v${id}[${i}]`;
  }

  /** Adjoint accumulation statement into node `id` at element `i` (scalars broadcast: summed). */
  acc(id: number, i: string, expr: string): string {
    if (!this.active(id)) return '';
    if (this.isScalar(id)) return `g${id} += ${expr};`;
    return this.local.has(id) ? `G${id} += ${expr};` : `G${id}[${i}] += ${expr};`;
  }

  /** The adjoint expression of node `id` at element i. */
  adj(id: number, i: string): string {
    return this.isScalar(id) ? `g${id}` : this.local.has(id) ? `G${id}` : `G${id}[${i}]`;
  }

  /** A fresh loop variable name (nested loops never clash). */
  loopVar(): string {
    return `i${this.loopDepth++}_`;
  }

  /** Declare a factory-scope binding once (later calls with the same name do nothing). */
  once(name: string, code: string): string {
    if (!this.arrays.has(name)) {
      this.arrays.add(name);
      this.preamble.push(code);
    }
    return name;
  }

  /** Declare a factory-scope Float64Array once. */
  buffer(name: string, n: number): string {
    if (!this.arrays.has(name)) {
      this.arrays.add(name);
      this.preamble.push(`const ${name} = new Float64Array(${n});`);
    }
    return name;
  }

  dist(name: string): string {
    let id = this.distIds.get(name);
    if (!id) {
      id = `D${this.distIds.size}`;
      this.distIds.set(name, id);
      this.preamble.push(`const ${id} = runtime.getDistribution(${JSON.stringify(name)});`);
    }
    return id;
  }

  bijector(supportJson: string): string {
    let id = this.bijIds.get(supportJson);
    if (!id) {
      id = `B${this.bijIds.size}`;
      this.bijIds.set(supportJson, id);
      this.preamble.push(`const ${id} = runtime.bijectorFor(${supportJson});`);
    }
    return id;
  }

  isConst(id: number): boolean {
    return this.node(id).stage === CONST;
  }
}

/** A JS literal for a number, safe to place anywhere in an expression. */
export function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  if (Object.is(x, -0)) return '(-0)';
  return x < 0 ? `(${x})` : String(x);
}

/** `for (let i = 0; i < n; i++) { body }` as one line, or nothing when the body is empty. */
export function loop(i: string, n: number, body: string): string {
  if (!body.trim()) return '';
  return `for (let ${i} = 0; ${i} < ${n}; ${i}++) { ${body} }`;
}

/**
 * An emitted statement: plain code, or the body of an elementwise loop over n elements. Loop
 * bodies only touch element i of every array they read or write, so consecutive ones with the
 * same n can share one loop (fuse) without changing the result: this removes most of the loop
 * overhead of small vectorised models (eight schools: ~6 loops → 2).
 */
export type Emit = string | { n: number; body: (i: string) => string };

export function elementwise(n: number, body: (i: string) => string): Emit {
  return { n, body };
}

/** Join consecutive loop bodies of equal length into single loops. */
export function fuse(items: Emit[]): string[] {
  const out: string[] = [];
  let k = 0;
  let fused = 0;
  while (k < items.length) {
    const it = items[k]!;
    if (typeof it === 'string') {
      if (it.trim()) out.push(it);
      k++;
      continue;
    }
    const i = `f${fused++}`;
    const bodies: string[] = [];
    let j = k;
    while (j < items.length) {
      const b = items[j]!;
      if (typeof b === 'string') {
        if (b.trim()) break;
        j++;
        continue;
      }
      if (b.n !== it.n) break;
      const text = b.body(i);
      if (text.trim()) bodies.push(text);
      j++;
    }
    if (bodies.length > 0) out.push(`for (let ${i} = 0; ${i} < ${it.n}; ${i}++) { ${bodies.join(' ')} }`);
    k = j;
  }
  return out;
}
