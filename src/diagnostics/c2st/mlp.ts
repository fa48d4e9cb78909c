/**
 * A compact float64 binary MLP classifier trained with Adam, reproducing scikit-learn's
 * `MLPClassifier(activation='relu', solver='adam')` (sklearn/neural_network/_multilayer_perceptron.py)
 * closely enough that C2ST numbers are comparable with sbibm's:
 * - Glorot-uniform init, bound √(6/(fan_in + fan_out)), for weights and biases alike;
 * - ReLU hidden layers, one logistic output unit, mean binary log-loss with p clipped to
 *   [ε, 1 − ε], plus the L2 penalty ½·α·Σ‖W‖²/batch (weights only, not biases);
 * - Adam (lr 1e-3, β 0.9/0.999, ε 1e-8, sklearn's bias correction folded into the step size),
 *   minibatches of min(200, n), data reshuffled every epoch;
 * - stop after `nIterNoChange` consecutive epochs whose mean training loss fails to beat the
 *   best so far by `tol`, or after `maxEpochs` epochs.
 *
 * Why hand-written rather than tfjs: the network is tiny (two hidden layers of 10·dim units,
 * 20 for 2-D) and trained with thousands of 200-row steps, so tfjs's per-op dispatch overhead
 * dominates (STACK.md measures a float64 TypeScript engine 4–8× faster on nets this size).
 * Each row is pushed forward and back in one fused pass and gradients accumulate over the
 * batch, so no activations are stored and nothing is allocated per step. Deterministic given
 * its RNG.
 */
import type { Rng } from '../../runtime/rng.js';
import { shuffleInPlace } from '../seeds.js';

export interface MlpOptions {
  hidden: number;
  learningRate: number;
  batchSize: number;
  /** L2 penalty (sklearn's `alpha`). */
  l2: number;
  maxEpochs: number;
  tol: number;
  nIterNoChange: number;
}

export interface TrainedMlp {
  inputDim: number;
  hidden: number;
  /** All parameters in one array: W1 (d×h), b1 (h), W2 (h×h), b2 (h), W3 (h), b3 (1). */
  params: Float64Array;
  epochs: number;
  lossCurve: number[];
}

interface Layout { w1: number; b1: number; w2: number; b2: number; w3: number; b3: number; size: number }

function layout(d: number, h: number): Layout {
  const w1 = 0, b1 = w1 + d * h, w2 = b1 + h, b2 = w2 + h * h, w3 = b2 + h, b3 = w3 + h;
  return { w1, b1, w2, b2, w3, b3, size: b3 + 1 };
}

const EPS = 2.220446049250313e-16; // numpy float64 eps, sklearn's clip for log-loss

/** Scratch buffers for one fused forward/backward pass (h each), allocated once per training run. */
interface Scratch { a1: Float64Array; a2: Float64Array; d1: Float64Array; d2: Float64Array }

/**
 * sklearn's _backprop on the rows order[start..end): returns the mean log-loss plus
 * ½·l2·Σ‖W‖²/nb and writes its gradient (same layout as params) into `g`.
 */
export function batchLossAndGradient(
  p: Float64Array, d: number, h: number, x: Float64Array, y: Float64Array,
  order: Int32Array, start: number, end: number, l2: number, g: Float64Array, scratch?: Scratch,
): number {
  const L = layout(d, h), nb = end - start;
  const { a1, a2, d1, d2 } = scratch ?? makeScratch(h);
  g.fill(0);
  let loss = 0;
  for (let r = start; r < end; r++) {
    const row = order[r]!, xo = row * d, target = y[row]!;
    // Forward: a1 = relu(x W1 + b1), a2 = relu(a1 W2 + b2), out = σ(a2·w3 + b3).
    for (let k = 0; k < h; k++) a1[k] = p[L.b1 + k]!;
    for (let j = 0; j < d; j++) {
      const xj = x[xo + j]!, wo = L.w1 + j * h;
      for (let k = 0; k < h; k++) a1[k]! += xj * p[wo + k]!;
    }
    for (let k = 0; k < h; k++) { if (a1[k]! < 0) a1[k] = 0; a2[k] = p[L.b2 + k]!; }
    for (let j = 0; j < h; j++) {
      const aj = a1[j]!;
      if (aj === 0) continue;
      const wo = L.w2 + j * h;
      for (let k = 0; k < h; k++) a2[k]! += aj * p[wo + k]!;
    }
    let z = p[L.b3]!;
    for (let k = 0; k < h; k++) { if (a2[k]! < 0) a2[k] = 0; z += a2[k]! * p[L.w3 + k]!; }
    const prob = 1 / (1 + Math.exp(-z));
    const pc = Math.min(1 - EPS, Math.max(EPS, prob));
    loss -= target === 1 ? Math.log(pc) : Math.log(1 - pc);

    // Backward, summed over the batch; ∂loss/∂z = p − y for the logistic output and log-loss.
    const d3 = prob - target;
    g[L.b3]! += d3;
    for (let k = 0; k < h; k++) {
      g[L.w3 + k]! += a2[k]! * d3;
      d2[k] = a2[k]! > 0 ? p[L.w3 + k]! * d3 : 0;
      g[L.b2 + k]! += d2[k]!;
    }
    for (let j = 0; j < h; j++) {
      const aj = a1[j]!;
      if (aj === 0) { d1[j] = 0; continue; }
      const wo = L.w2 + j * h;
      let s = 0;
      for (let k = 0; k < h; k++) { g[wo + k]! += aj * d2[k]!; s += p[wo + k]! * d2[k]!; }
      d1[j] = s;
    }
    for (let k = 0; k < h; k++) g[L.b1 + k]! += d1[k]!;
    for (let j = 0; j < d; j++) {
      const xj = x[xo + j]!, wo = L.w1 + j * h;
      for (let k = 0; k < h; k++) g[wo + k]! += xj * d1[k]!;
    }
  }
  // Mean over the batch; the L2 penalty touches weights only, as sklearn's.
  let sq = 0;
  for (let i = 0; i < L.size; i++) {
    const isWeight = i < L.b1 || (i >= L.w2 && i < L.b2) || (i >= L.w3 && i < L.b3);
    if (isWeight) { sq += p[i]! * p[i]!; g[i]! += l2 * p[i]!; }
    g[i]! /= nb;
  }
  return loss / nb + (0.5 * l2 * sq) / nb;
}

function makeScratch(h: number): Scratch {
  return { a1: new Float64Array(h), a2: new Float64Array(h), d1: new Float64Array(h), d2: new Float64Array(h) };
}

/** Glorot-initialised parameters for input dimension d and hidden width h. */
export function initMlp(d: number, h: number, rng: Rng): Float64Array {
  const L = layout(d, h);
  const p = new Float64Array(L.size);
  glorot(p, L.w1, L.b1, d, h, rng);
  glorot(p, L.w2, L.b2, h, h, rng);
  glorot(p, L.w3, L.b3, h, 1, rng);
  return p;
}

/** Train on rows `x` (n, d) with labels `y` (n) in {0, 1}. */
export function trainMlp(x: Float64Array, y: Float64Array, n: number, d: number, opts: MlpOptions, rng: Rng): TrainedMlp {
  const h = opts.hidden;
  const p = initMlp(d, h, rng);
  const size = p.length;
  const g = new Float64Array(size), m = new Float64Array(size), v = new Float64Array(size);
  const scratch = makeScratch(h);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const batch = Math.min(opts.batchSize, n);
  const b1 = 0.9, b2 = 0.999, adamEps = 1e-8;
  let t = 0, best = Infinity, noImprovement = 0, epoch = 0;
  const lossCurve: number[] = [];

  for (epoch = 1; epoch <= opts.maxEpochs; epoch++) {
    shuffleInPlace(order, rng);
    let epochLoss = 0;
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      epochLoss += batchLossAndGradient(p, d, h, x, y, order, start, end, opts.l2, g, scratch) * (end - start);
      // Adam with sklearn's bias correction folded into the step size.
      t++;
      const stepSize = (opts.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * gi;
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
        p[i]! -= (stepSize * m[i]!) / (Math.sqrt(v[i]!) + adamEps);
      }
    }
    const loss = epochLoss / n;
    lossCurve.push(loss);
    // sklearn's _update_no_improvement_count (early_stopping=False): training loss, strict '>'.
    if (loss > best - opts.tol) noImprovement++; else noImprovement = 0;
    if (loss < best) best = loss;
    if (noImprovement > opts.nIterNoChange) break;
  }
  return { inputDim: d, hidden: h, params: p, epochs: Math.min(epoch, opts.maxEpochs), lossCurve };
}

/** Number of rows among `rows` whose predicted class (p > 0.5, i.e. logit > 0) equals y. */
export function countCorrect(net: TrainedMlp, x: Float64Array, y: Float64Array, rows: Int32Array): number {
  const d = net.inputDim, h = net.hidden, L = layout(d, h), p = net.params;
  const a1 = new Float64Array(h), a2 = new Float64Array(h);
  let correct = 0;
  for (const row of rows) {
    const xo = row * d;
    for (let k = 0; k < h; k++) a1[k] = p[L.b1 + k]!;
    for (let j = 0; j < d; j++) {
      const xj = x[xo + j]!, wo = L.w1 + j * h;
      for (let k = 0; k < h; k++) a1[k]! += xj * p[wo + k]!;
    }
    for (let k = 0; k < h; k++) { if (a1[k]! < 0) a1[k] = 0; a2[k] = p[L.b2 + k]!; }
    for (let j = 0; j < h; j++) {
      const aj = a1[j]!, wo = L.w2 + j * h;
      if (aj !== 0) for (let k = 0; k < h; k++) a2[k]! += aj * p[wo + k]!;
    }
    let z = p[L.b3]!;
    for (let k = 0; k < h; k++) if (a2[k]! > 0) z += a2[k]! * p[L.w3 + k]!;
    if ((z > 0 ? 1 : 0) === y[row]) correct++;
  }
  return correct;
}

/** Glorot-uniform weights (fanIn × fanOut) and biases, bound √(6/(fanIn + fanOut)) as sklearn's ReLU nets. */
function glorot(p: Float64Array, w: number, b: number, fanIn: number, fanOut: number, rng: Rng): void {
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < fanIn * fanOut; i++) p[w + i] = (2 * rng.uniform() - 1) * bound;
  for (let i = 0; i < fanOut; i++) p[b + i] = (2 * rng.uniform() - 1) * bound;
}
