/**
 * CONTRACT: maps between a parameter's constrained space and R^d, with log|det J|.
 * Samplers and networks work in the unconstrained space; results are reported constrained.
 * All operate on slices (array, offset, count) of flat Float64Arrays, without allocation.
 */
export interface Bijector {
  name: string;
  /** Unconstrained length for a constrained block of n values (simplex: n - 1). */
  unconstrainedSize(n: number): number;
  /** u → x. Returns log|det ∂x/∂u|. `n` is the constrained length. */
  forward(u: Float64Array, uOff: number, x: Float64Array, xOff: number, n: number): number;
  /** x → u. Values outside the support give NaN (callers turn that into a DataError). */
  inverse(x: Float64Array, xOff: number, u: Float64Array, uOff: number, n: number): void;
  /**
   * Reverse mode: given gx = ∂f/∂x at x = forward(u), ADD (∂x/∂u)ᵀ gx + ∂log|det J|/∂u into gu.
   */
  backward(u: Float64Array, uOff: number, gx: Float64Array, gxOff: number, gu: Float64Array, guOff: number, n: number): void;
}
