/**
 * The parameter block of u: the first `P = paramUnconstrainedDim` entries of the unconstrained
 * vector, where amortized backends learn and sample (latents are marginalised by simulation).
 *
 *   θ = g(u_θ)   (constrained, `dim` long)     u_θ = g⁻¹(θ)   (`P` long)
 *   log|det ∂θ/∂u_θ| = Σ_params log|det J_g|   (the change-of-variables term)
 *
 * θ comes from the CompiledModel's param-block API (`paramsFromUnconstrained`) where the compiled
 * model has it, else from the params' bijectors (`bijectorFor(support)`, the compiler's own choice)
 * applied to the param block alone. The Jacobian always comes from those bijectors, so densities
 * reported in θ are exact.
 */
import type { CompiledModel, VariableInfo } from '../../lang/compiled-model.js';
import { bijectorFor, type Bijector } from '../../runtime/bijectors/index.js';
import { InferenceError } from '../../lang/errors.js';

interface Block {
  info: VariableInfo;
  bijector: Bijector;
  /** The bijector acts element by element (not simplex): marginal quantiles map through it. */
  elementwise: boolean;
}

export class ParamBlock {
  /** P, length of the param block of u. */
  readonly dim: number;
  /** Length of constrained θ. */
  readonly thetaDim: number;
  /** Every param's bijector is elementwise and monotone (no simplex). */
  readonly elementwise: boolean;
  private readonly blocks: Block[];

  constructor(readonly model: CompiledModel) {
    const m = model as Partial<CompiledModel> & CompiledModel;
    this.blocks = model.params.map((info) => {
      if (info.support.kind === 'integer') {
        throw new InferenceError(`parameter '${info.name}' is discrete: amortized backends learn in the unconstrained space and need continuous parameters`);
      }
      return { info, bijector: bijectorFor(info.support), elementwise: info.support.kind !== 'simplex' };
    });
    this.dim = typeof m.paramUnconstrainedDim === 'number'
      ? m.paramUnconstrainedDim
      : model.params.reduce((s, p) => s + p.unconstrainedSize, 0);
    this.thetaDim = model.dim;
    this.elementwise = this.blocks.every((b) => b.elementwise);
  }

  /** Whether the compiled model implements the param-block API (else the fallback is in use). */
  get native(): boolean {
    return typeof (this.model as Partial<CompiledModel>).paramsFromUnconstrained === 'function';
  }

  /** u_θ (P) → θ (dim), written into `theta`; returns log|det ∂θ/∂u_θ|. */
  toTheta(uParams: Float64Array, theta: Float64Array): number {
    let logDet = 0;
    if (this.native) {
      this.model.paramsFromUnconstrained(uParams, theta);
      // Recompute the Jacobian with our own bijector calls into a scratch θ (cheap, elementwise).
      const tmp = this.scratchTheta();
      for (const b of this.blocks) logDet += b.bijector.forward(uParams, b.info.unconstrainedOffset, tmp, b.info.offset, b.info.size);
      return logDet;
    }
    for (const b of this.blocks) logDet += b.bijector.forward(uParams, b.info.unconstrainedOffset, theta, b.info.offset, b.info.size);
    return logDet;
  }

  /** θ (dim) → u_θ (P). Values outside the support give NaN (callers decide how to report). */
  toU(theta: Float64Array, out = new Float64Array(this.dim)): Float64Array {
    for (const b of this.blocks) b.bijector.inverse(theta, b.info.offset, out, b.info.unconstrainedOffset, b.info.size);
    return out;
  }

  /** Rows of u_θ (n × P) → rows of θ (n × dim). */
  toThetaRows(uRows: Float64Array | Float32Array, n: number): Float64Array {
    const P = this.dim;
    const D = this.thetaDim;
    const out = new Float64Array(n * D);
    const u = new Float64Array(P);
    const t = new Float64Array(D);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < P; j++) u[j] = uRows[i * P + j]!;
      this.toTheta(u, t);
      out.set(t, i * D);
    }
    return out;
  }

  /** The param block of every row of a simulated u (n × unconstrainedDim) → n × P. */
  sliceRows(u: Float64Array, n: number): Float64Array {
    const U = this.model.unconstrainedDim;
    const P = this.dim;
    if (U === P) return u;
    const out = new Float64Array(n * P);
    for (let i = 0; i < n; i++) out.set(u.subarray(i * U, i * U + P), i * P);
    return out;
  }

  /** log p(u_θ) with the Jacobian (the param-block prior); null when the model cannot give it. */
  logPrior(uParams: Float64Array): number {
    const m = this.model as Partial<CompiledModel> & CompiledModel;
    if (typeof m.logParamPrior === 'function') return m.logParamPrior(uParams);
    if (this.model.latentDim > 0) {
      throw new InferenceError('this compiled model has latents but no logParamPrior yet: the param-block prior needs the compiler\'s param-block API');
    }
    return this.model.logPrior(uParams);
  }

  /**
   * For elementwise blocks: +1 where θ_j increases with u_j, −1 where it decreases (upper-bounded
   * supports, θ = b − e^u). Multiplying u by these signs makes every coordinate map increasing, so
   * marginal quantiles map through g level by level.
   */
  directions(): Float64Array {
    if (!this.elementwise) throw new InferenceError('directions(): a simplex parameter is not mapped element by element');
    const a = new Float64Array(this.dim);
    const b = new Float64Array(this.dim).fill(1);
    const ta = new Float64Array(this.thetaDim);
    const tb = new Float64Array(this.thetaDim);
    this.toTheta(a, ta);
    this.toTheta(b, tb);
    return Float64Array.from(ta, (v, j) => (tb[j]! >= v ? 1 : -1));
  }

  /** Names of θ's elements in order ('mu', 'theta[1]', ...). */
  elementNames(): string[] {
    const names: string[] = [];
    for (const b of this.blocks) b.info.elementNames.forEach((e, i) => { names[b.info.offset + i] = e; });
    return names;
  }

  private thetaScratch: Float64Array | null = null;
  private scratchTheta(): Float64Array {
    return (this.thetaScratch ??= new Float64Array(this.thetaDim));
  }
}
