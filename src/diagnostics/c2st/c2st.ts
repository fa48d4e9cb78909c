/**
 * Classifier two-sample test, exactly as the sbibm benchmark computes it (Lueckmann et al. 2021,
 * "Benchmarking Simulation-Based Inference", AISTATS; sbibm/metrics/c2st.py; after Lopez-Paz &
 * Oquab 2017):
 * 1. z-score both sets with the REFERENCE set's mean and standard deviation (n − 1 denominator,
 *    as torch.std), so the scale of the reference fixes the classifier's input scale;
 * 2. label reference 0 and candidate 1; classifier = MLP with two hidden layers of 10·dim ReLU
 *    units, Adam, sklearn's MLPClassifier defaults (see mlp.ts), trained in float32 as sklearn
 *    trains on sbibm's float32 tensors. One deliberate difference: sbibm passes max_iter=10000,
 *    our default cap is 1000 epochs (`maxEpochs`); sklearn's stopping rule ends almost every fit
 *    far earlier (the epochs per fold are returned), and the cap only bounds the rare fit that
 *    keeps improving its training loss by ≥ 1e-4 per epoch;
 * 3. 5-fold shuffled cross-validation; the score is the test accuracy averaged over the folds.
 * 0.5 means the classifier cannot tell the sets apart, 1.0 that they are fully separable.
 * The number is comparable with sbibm's but not bit-identical: the random streams differ.
 */
import { createRng } from '../../runtime/rng.js';
import { deriveSeed, shuffleInPlace } from '../seeds.js';
import { countCorrect, trainMlp, type MlpOptions } from './mlp.js';

export interface C2stOptions extends Partial<MlpOptions> {
  seed?: number;
  folds?: number;
  /** z-score with the reference's mean and sd (sbibm's default, true). */
  zScore?: boolean;
}

export interface C2stResult {
  /** Mean test accuracy over the folds. */
  accuracy: number;
  foldAccuracies: number[];
  /** Epochs each fold's classifier trained for (stopping rule or max). */
  epochs: number[];
}

/**
 * @param reference (nRef, dim) row-major, e.g. reference posterior draws
 * @param candidate (nCand, dim) row-major, e.g. an algorithm's posterior draws
 */
export function c2st(reference: Float64Array, candidate: Float64Array, dim: number, opts: C2stOptions = {}): C2stResult {
  const nRef = reference.length / dim, nCand = candidate.length / dim;
  if (!Number.isInteger(nRef) || !Number.isInteger(nCand) || nRef < 2 || nCand < 2) {
    throw new Error(`c2st: sample lengths ${reference.length} and ${candidate.length} are not multiples of dim = ${dim} with ≥ 2 rows each`);
  }
  const folds = opts.folds ?? 5;
  const seed = opts.seed ?? 1;
  const mlp: MlpOptions = {
    hidden: opts.hidden ?? 10 * dim,
    learningRate: opts.learningRate ?? 1e-3,
    batchSize: opts.batchSize ?? 200,
    l2: opts.l2 ?? 1e-4,
    maxEpochs: opts.maxEpochs ?? 1000,
    tol: opts.tol ?? 1e-4,
    nIterNoChange: opts.nIterNoChange ?? 10,
  };

  const n = nRef + nCand;
  const x = new Float64Array(n * dim);
  x.set(reference, 0);
  x.set(candidate, nRef * dim);
  const y = new Float64Array(n).fill(1, nRef);
  if (opts.zScore ?? true) zScoreByReference(x, nRef, n, dim);

  // sklearn KFold(shuffle=True): permute, then the first n mod k folds get one extra row.
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(perm, createRng(seed));
  const foldAccuracies: number[] = [], epochs: number[] = [];
  let start = 0;
  for (let f = 0; f < folds; f++) {
    const size = Math.floor(n / folds) + (f < n % folds ? 1 : 0);
    const test = perm.slice(start, start + size);
    const trainRows = new Int32Array(n - size);
    trainRows.set(perm.subarray(0, start), 0);
    trainRows.set(perm.subarray(start + size), start);
    start += size;

    // Contiguous training copy: the epoch loop then reads rows with one index.
    const xt = new Float64Array(trainRows.length * dim), yt = new Float64Array(trainRows.length);
    trainRows.forEach((row, i) => { xt.set(x.subarray(row * dim, (row + 1) * dim), i * dim); yt[i] = y[row]!; });
    const net = trainMlp(xt, yt, trainRows.length, dim, mlp, createRng(deriveSeed(seed, f)));
    foldAccuracies.push(countCorrect(net, x, y, test) / size);
    epochs.push(net.epochs);
  }
  const accuracy = foldAccuracies.reduce((a, b) => a + b, 0) / folds;
  return { accuracy, foldAccuracies, epochs };
}

/** (x − mean_ref)/sd_ref in place, column by column; sd with the n − 1 denominator (torch.std). */
function zScoreByReference(x: Float64Array, nRef: number, n: number, dim: number): void {
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < nRef; i++) mean += x[i * dim + j]!;
    mean /= nRef;
    let ss = 0;
    for (let i = 0; i < nRef; i++) ss += (x[i * dim + j]! - mean) ** 2;
    // A constant reference column would divide by zero; leave such a column centred only.
    const sd = Math.sqrt(ss / (nRef - 1)) || 1;
    for (let i = 0; i < n; i++) x[i * dim + j] = (x[i * dim + j]! - mean) / sd;
  }
}
