/**
 * A learned invertible linear layer, z = h · W + b with W = L · U (the "LU-decomposed linear" of
 * Durkan et al.'s neural spline flows, as nflows/sbi place one after every coupling layer):
 *
 *   L unit lower-triangular (free entries below the diagonal),
 *   U upper-triangular with diagonal softplus(ρ) + ε > 0,   log|det W| = Σ_d log U_dd.
 *
 * Why: a coupling layer only ever transforms coordinates given a fixed split of them (alternating
 * masks). In two dimensions that is "x₂ given x₁, then x₁ given x₂"; a crescent lying along a
 * diagonal needs many such layers. A learned linear map between couplings lets the flow choose the
 * directions it splits along, at D² weights and one small matMul.
 *
 * Starts as the identity (L = U = I, b = 0), so it does not disturb a flow's near-identity start.
 * The triangles are full D×D variables multiplied by constant 0/1 masks (linalg.bandPart has no
 * gradient on the tfjs backends, STACK.md). The inverse (sampling only) inverts W on the host
 * in float64 (runtime/linalg/inverse.ts): D is the parameter dimension, so the D×D inverse is negligible.
 */
import * as tf from '@tensorflow/tfjs';
import { invert } from '../../runtime/linalg/inverse.js';
import type { FlowLayer } from './flow.js';
import type { NamedVariable } from '../networks/types.js';

const MIN_DIAGONAL = 1e-3;
/** softplus⁻¹(1 − ε): the raw diagonal that makes U_dd exactly 1. */
const IDENTITY_RAW_DIAGONAL = Math.log(Math.expm1(1 - MIN_DIAGONAL));

export class LuLinearLayer implements FlowLayer {
  private readonly lower: tf.Variable;
  private readonly upper: tf.Variable;
  private readonly rawDiagonal: tf.Variable;
  private readonly bias: tf.Variable;
  private readonly strictlyLower: tf.Tensor2D;
  private readonly strictlyUpper: tf.Tensor2D;
  private readonly identity: tf.Tensor2D;

  constructor(private readonly dim: number) {
    const lowerMask = new Float32Array(dim * dim);
    const upperMask = new Float32Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        if (j < i) lowerMask[i * dim + j] = 1;
        if (j > i) upperMask[i * dim + j] = 1;
      }
    }
    this.strictlyLower = tf.tensor2d(lowerMask, [dim, dim]);
    this.strictlyUpper = tf.tensor2d(upperMask, [dim, dim]);
    this.identity = tf.eye(dim) as tf.Tensor2D;
    this.lower = tf.variable(tf.zeros([dim, dim]), true);
    this.upper = tf.variable(tf.zeros([dim, dim]), true);
    this.rawDiagonal = tf.variable(tf.fill([dim], IDENTITY_RAW_DIAGONAL), true);
    this.bias = tf.variable(tf.zeros([dim]), true);
  }

  /** U's diagonal, softplus(ρ) + ε, as (D). */
  private diagonal(): tf.Tensor1D {
    return tf.add(tf.softplus(this.rawDiagonal), MIN_DIAGONAL) as tf.Tensor1D;
  }

  /** W = L · U as a (D, D) tensor (differentiable in the variables), from U's diagonal. */
  private matrix(diagonal: tf.Tensor1D): tf.Tensor2D {
    const l = tf.add(this.identity, tf.mul(this.lower, this.strictlyLower));
    const u = tf.add(tf.mul(this.upper, this.strictlyUpper), tf.mul(this.identity, tf.reshape(diagonal, [1, this.dim])));
    return tf.matMul(l, u) as tf.Tensor2D;
  }

  forward(h: tf.Tensor2D): { out: tf.Tensor2D; logDet: tf.Tensor1D } {
    return tf.tidy(() => {
      const diagonal = this.diagonal();
      const out = tf.add(tf.matMul(h, this.matrix(diagonal)), this.bias) as tf.Tensor2D;
      // The same log|det W| for every row: (1) broadcast to (B).
      const logDet = tf.mul(tf.ones([h.shape[0]]), tf.sum(tf.log(diagonal))) as tf.Tensor1D;
      return { out, logDet };
    });
  }

  inverse(z: tf.Tensor2D): tf.Tensor2D {
    const w = tf.tidy(() => this.matrix(this.diagonal()));
    const entries = w.dataSync();
    w.dispose();
    const wInverse = invert(entries, this.dim);
    return tf.tidy(() => tf.matMul(tf.sub(z, this.bias), tf.tensor2d(Float32Array.from(wInverse), [this.dim, this.dim])) as tf.Tensor2D);
  }

  variables(): tf.Variable[] {
    return [this.lower, this.upper, this.rawDiagonal, this.bias];
  }

  namedVariables(prefix: string): NamedVariable[] {
    return [
      { name: `${prefix}lu/L`, variable: this.lower },
      { name: `${prefix}lu/U`, variable: this.upper },
      { name: `${prefix}lu/diag`, variable: this.rawDiagonal },
      { name: `${prefix}lu/b`, variable: this.bias },
    ];
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
    this.strictlyLower.dispose();
    this.strictlyUpper.dispose();
    this.identity.dispose();
  }
}
