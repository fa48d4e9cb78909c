/**
 * `Posterior`: THE result type of every backend (MCMC, NBE, NPE, NLE, NRE, ABC).
 *
 * Two kinds:
 * - draws-based: one Float64Array per chain (n × dim, row-major, constrained θ in the model's
 *   param order). Summaries are computed from the pooled draws; R̂, ESS and MCSE follow
 *   Vehtari et al. (2021) (src/diagnostics/mcmc). A single-chain "chain" of iid draws (NPE) is fine.
 * - point-based (NBE-style estimators): `point` (mean and/or median) and `quantiles` by level;
 *   anything that needs draws throws an InferenceError saying so.
 *
 * Names: 'mu' for scalars, 'theta[1]' (1-based) for elements; `names` lists elements.
 */
import type { VariableInfo } from '../lang/compiled-model.js';
import { InferenceError } from '../lang/errors.js';
import { quantileSorted, summarizeScalar } from '../diagnostics/mcmc/index.js';
import { type SummaryRow, drawsCsv, formatSummary, nestValue, posteriorGroup } from './posterior/format.js';

export type { SummaryRow } from './posterior/format.js';

export interface PosteriorInit {
  /** The backend that made it: 'nuts', 'rwm', 'npe', ... */
  method: string;
  /** The model's params (constrained θ layout). */
  params: readonly VariableInfo[];
  /** Draws per chain, each n × dim row-major. */
  chains?: Float64Array[];
  /** Point estimates (each dim long) when there are no draws. */
  point?: { mean?: Float64Array; median?: Float64Array };
  /** Marginal quantiles by probability level (0.05 → dim values), when there are no draws. */
  quantiles?: Record<number, Float64Array>;
  /** log posterior density at constrained θ (normalised or not: say which in `attrs`). */
  logDensity?: (theta: Float64Array) => number;
  /** Per-draw sampler statistics, one array per chain, ArviZ names (lp, diverging, ...). */
  samplerStats?: Record<string, Float64Array[]>;
  /** Seconds spent: { warmup, sampling, training, total, ... }. */
  timing?: Record<string, number>;
  /** Anything else worth keeping (adapted step sizes, metric, gradient evaluations, ...). */
  attrs?: Record<string, unknown>;
  warnings?: string[];
  /**
   * Warnings that need the summary (R̂, ESS): computed on first read of `warnings`, so building a
   * Posterior right after sampling costs no diagnostics until someone looks (issue 21 item 2).
   */
  deferredWarnings?: (posterior: Posterior) => string[];
}

export class Posterior {
  readonly method: string;
  readonly params: readonly VariableInfo[];
  readonly dim: number;
  readonly names: string[];
  readonly samplerStats: Record<string, Float64Array[]>;
  readonly timing: Record<string, number>;
  readonly attrs: Record<string, unknown>;
  private readonly eagerWarnings: string[];
  private deferredWarnings: ((posterior: Posterior) => string[]) | undefined;
  private readonly chains: Float64Array[] | null;
  private readonly pointEst: { mean?: Float64Array; median?: Float64Array };
  private readonly quantileTable: Record<number, Float64Array>;
  private readonly logDensityFn: ((theta: Float64Array) => number) | undefined;
  private readonly index = new Map<string, { offset: number; size: number }>();
  private summaryCache: SummaryRow[] | null = null;
  private sortedCache = new Map<number, Float64Array>();

  constructor(init: PosteriorInit) {
    this.method = init.method;
    this.params = init.params;
    this.dim = init.params.reduce((s, p) => Math.max(s, p.offset + p.size), 0);
    this.names = [];
    for (const p of init.params) {
      this.index.set(p.name, { offset: p.offset, size: p.size });
      p.elementNames.forEach((e, i) => {
        this.names[p.offset + i] = e;
        this.index.set(e, { offset: p.offset + i, size: 1 });
      });
    }
    this.chains = init.chains && init.chains.length > 0 ? init.chains : null;
    if (this.chains) {
      const n0 = this.chains[0]!.length;
      for (const c of this.chains) {
        if (c.length !== n0 || c.length % Math.max(1, this.dim) !== 0) {
          throw new InferenceError(`Posterior: every chain must hold n × ${this.dim} values and all chains the same n (got lengths ${this.chains.map((x) => x.length).join(', ')})`);
        }
      }
    } else if (!init.point && !init.quantiles) {
      throw new InferenceError('Posterior: give draws (chains) or point estimates / quantiles');
    }
    this.pointEst = init.point ?? {};
    this.quantileTable = init.quantiles ?? {};
    this.logDensityFn = init.logDensity;
    this.samplerStats = init.samplerStats ?? {};
    this.timing = init.timing ?? {};
    this.attrs = init.attrs ?? {};
    this.eagerWarnings = [...(init.warnings ?? [])];
    this.deferredWarnings = init.deferredWarnings;
  }

  /** Sampler and convergence warnings with advice (the convergence ones computed when first read). */
  get warnings(): string[] {
    if (this.deferredWarnings) {
      const f = this.deferredWarnings;
      this.deferredWarnings = undefined;
      this.eagerWarnings.push(...f(this));
    }
    return this.eagerWarnings;
  }

  get hasDraws(): boolean {
    return this.chains !== null;
  }
  get numChains(): number {
    return this.chains?.length ?? 0;
  }
  /** Draws per chain. */
  get numDraws(): number {
    return this.chains ? this.chains[0]!.length / Math.max(1, this.dim) : 0;
  }

  private requireDraws(what: string): Float64Array[] {
    if (!this.chains) {
      throw new InferenceError(
        `${what} needs posterior draws, but the '${this.method}' backend gives point estimates and intervals only: use mean(), median(), quantile(q) at the trained levels (${this.levels().join(', ') || 'none'}) or interval()`,
      );
    }
    return this.chains;
  }

  private levels(): number[] {
    return Object.keys(this.quantileTable).map(Number).sort((a, b) => a - b);
  }

  private lookup(name: string): { offset: number; size: number } {
    const e = this.index.get(name);
    if (!e) throw new InferenceError(`unknown parameter '${name}'; known: ${[...this.params.map((p) => p.name)].join(', ')}`);
    return e;
  }

  /** An element's (or scalar param's) index in θ; vectors must be addressed element-wise. */
  private element(name: string, what: string): number {
    const e = this.lookup(name);
    if (e.size !== 1) {
      const p = this.params.find((q) => q.name === name)!;
      throw new InferenceError(`${what}('${name}'): '${name}' has ${e.size} elements; name one ('${p.elementNames[0]}') or call ${what}() for all`);
    }
    return e.offset;
  }

  /** Per-chain draws of one element. */
  private elementChains(j: number): Float64Array[] {
    const d = this.dim;
    return this.requireDraws('draws').map((c) => {
      const n = c.length / d;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = c[i * d + j]!;
      return out;
    });
  }

  /**
   * Pooled draws (all chains, in chain order). No name: the n × dim block; a scalar/element
   * name: its n values; a vector/matrix name: n × size block.
   */
  draws(name?: string): Float64Array {
    const chains = this.requireDraws('draws()');
    const d = this.dim;
    const total = chains.reduce((s, c) => s + c.length, 0) / Math.max(1, d);
    if (name === undefined) {
      const out = new Float64Array(total * d);
      let k = 0;
      for (const c of chains) { out.set(c, k); k += c.length; }
      return out;
    }
    const { offset, size } = this.lookup(name);
    const out = new Float64Array(total * size);
    let r = 0;
    for (const c of chains) {
      for (let i = 0; i < c.length / d; i++, r++) out.set(c.subarray(i * d + offset, i * d + offset + size), r * size);
    }
    return out;
  }

  /** Draws of chain c (0-based), n × dim. */
  chain(c: number): Float64Array {
    const chains = this.requireDraws('chain()');
    const ch = chains[c];
    if (!ch) throw new InferenceError(`chain(${c}): there are ${chains.length} chains (0-based)`);
    return ch;
  }

  private sortedElement(j: number): Float64Array {
    let s = this.sortedCache.get(j);
    if (!s) {
      const parts = this.elementChains(j);
      s = new Float64Array(parts.reduce((a, c) => a + c.length, 0));
      let k = 0;
      for (const p of parts) { s.set(p, k); k += p.length; }
      s.sort();
      this.sortedCache.set(j, s);
    }
    return s;
  }

  private perElement(name: string | undefined, what: string, f: (j: number) => number): any {
    if (name !== undefined) return f(this.element(name, what));
    const out = new Float64Array(this.dim);
    for (let j = 0; j < this.dim; j++) out[j] = f(j);
    return out;
  }

  /** Posterior mean: all elements, or one. */
  mean(): Float64Array;
  mean(name: string): number;
  mean(name?: string): number | Float64Array {
    if (!this.chains) {
      const m = this.pointEst.mean;
      if (!m) throw new InferenceError(`mean(): the '${this.method}' backend gives no posterior mean (it estimates ${this.pointEst.median ? 'the median' : 'quantiles'})`);
      return this.perElement(name, 'mean', (j) => m[j]!);
    }
    return this.perElement(name, 'mean', (j) => {
      const s = this.sortedElement(j);
      let t = 0;
      for (let i = 0; i < s.length; i++) t += s[i]!;
      return t / s.length;
    });
  }

  /** Posterior standard deviation (n − 1 denominator). */
  sd(): Float64Array;
  sd(name: string): number;
  sd(name?: string): number | Float64Array {
    this.requireDraws('sd()');
    return this.perElement(name, 'sd', (j) => {
      const s = this.sortedElement(j);
      let m = 0;
      for (let i = 0; i < s.length; i++) m += s[i]!;
      m /= s.length;
      let v = 0;
      for (let i = 0; i < s.length; i++) v += (s[i]! - m) ** 2;
      return Math.sqrt(v / (s.length - 1));
    });
  }

  median(): Float64Array;
  median(name: string): number;
  median(name?: string): number | Float64Array {
    if (!this.chains) {
      const m = this.pointEst.median ?? this.quantileTable[0.5];
      if (!m) throw new InferenceError(`median(): the '${this.method}' backend gives no median`);
      return this.perElement(name, 'median', (j) => m[j]!);
    }
    return this.quantile(0.5, name as string);
  }

  /** Marginal q-quantile (type-7 interpolation between order statistics). */
  quantile(q: number): Float64Array;
  quantile(q: number, name: string): number;
  quantile(q: number, name?: string): number | Float64Array {
    if (!(q >= 0 && q <= 1)) throw new InferenceError(`quantile(${q}): q must lie in [0, 1]`);
    if (!this.chains) {
      const key = this.levels().find((l) => Math.abs(l - q) < 1e-9);
      if (key === undefined) {
        throw new InferenceError(`quantile(${q}): the '${this.method}' backend gives no draws, only the quantile levels it was trained for: ${this.levels().join(', ') || 'none'}`);
      }
      const table = this.quantileTable[key]!;
      return this.perElement(name, 'quantile', (j) => table[j]!);
    }
    return this.perElement(name, 'quantile', (j) => quantileSorted(this.sortedElement(j), q));
  }

  /** Central credible interval [ (1−level)/2, (1+level)/2 ] quantiles. */
  interval(level?: number): [Float64Array, Float64Array];
  interval(level: number, name: string): [number, number];
  interval(level = 0.9, name?: string): [number, number] | [Float64Array, Float64Array] {
    if (!(level > 0 && level < 1)) throw new InferenceError(`interval(${level}): level must lie in (0, 1)`);
    const lo = (1 - level) / 2;
    const hi = (1 + level) / 2;
    return [this.quantile(lo, name as string), this.quantile(hi, name as string)] as [number, number];
  }

  /** log density at constrained θ, where the backend has one. */
  logDensity(theta: Float64Array): number {
    if (!this.logDensityFn) throw new InferenceError(`logDensity(): the '${this.method}' backend provides no posterior density`);
    return this.logDensityFn(theta);
  }

  /** One row per element: moments, 5/50/95% quantiles, R̂, bulk/tail ESS, MCSE of the mean. */
  summary(): SummaryRow[] {
    if (this.summaryCache) return this.summaryCache;
    const rows: SummaryRow[] = [];
    for (let j = 0; j < this.dim; j++) {
      const name = this.names[j]!;
      if (this.chains) {
        rows.push({ name, ...summarizeScalar(this.elementChains(j)) });
      } else {
        const q = (l: number): number => this.quantileTable[l]?.[j] ?? NaN;
        rows.push({
          name, mean: this.pointEst.mean?.[j] ?? NaN, sd: NaN,
          q5: q(0.05), q50: this.pointEst.median?.[j] ?? q(0.5), q95: q(0.95),
          rhat: NaN, essBulk: NaN, essTail: NaN, mcse: NaN,
        });
      }
    }
    this.summaryCache = rows;
    return rows;
  }

  /** The summary as fixed-width text, with the warnings underneath. */
  summaryTable(): string {
    const head = this.chains
      ? `${this.method}: ${this.numChains} chain${this.numChains === 1 ? '' : 's'} × ${this.numDraws} draws`
      : `${this.method}: point estimates and intervals`;
    const table = formatSummary(this.summary(), head);
    return this.warnings.length ? `${table}\n\nwarnings:\n${this.warnings.map((w) => `  - ${w}`).join('\n')}` : table;
  }

  /** ArviZ `az.from_dict`-shaped plain object. */
  toJSON(): Record<string, unknown> {
    const attrs: Record<string, unknown> = { method: this.method, ...this.attrs, timing: this.timing, warnings: this.warnings };
    if (!this.chains) {
      const point: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.pointEst)) if (v) point[k] = this.byParam(v);
      const quantiles: Record<string, unknown> = {};
      for (const l of this.levels()) quantiles[String(l)] = this.byParam(this.quantileTable[l]!);
      return { posterior: {}, point_estimates: point, quantiles, attrs };
    }
    const stats: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.samplerStats)) stats[k] = v.map((c) => Array.from(c));
    return { posterior: posteriorGroup(this.chains, this.params, this.dim), sample_stats: stats, attrs };
  }

  private byParam(v: Float64Array): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of this.params) out[p.name] = nestValue(v, p.offset, p.shape);
    return out;
  }

  /**
   * Writes the marginal posterior plot (intervals for point estimators) as SVG, or as the
   * Vega-Lite spec when `path` ends in .json. The plotting stack loads only when first used.
   */
  async plot(path: string, options: import('../plots/posterior-plots.js').PosteriorPlotOptions = {}): Promise<void> {
    const { plotPosterior } = await import('../plots/posterior-plots.js');
    await plotPosterior(this, path, options);
  }

  /** Draws as CSV (chain, draw, sampler stats, elements); point posteriors: one row per estimate. */
  toCSV(): string {
    if (!this.chains) {
      const lines = [['estimate', ...this.names].join(',')];
      for (const [k, v] of Object.entries(this.pointEst)) if (v) lines.push([k, ...Array.from(v, String)].join(','));
      for (const l of this.levels()) lines.push([`q${l}`, ...Array.from(this.quantileTable[l]!, String)].join(','));
      return lines.join('\n') + '\n';
    }
    return drawsCsv(this.chains, this.names, this.samplerStats);
  }
}

