/**
 * C2ST (sbibm's definition, src/diagnostics/c2st) speed and agreement.
 * - Speed at the benchmark's size, 10,000 vs 10,000 in 2-D (two_moons): wall time on one core
 *   and epochs per fold. (10-D is not here: its 100-wide nets cost ~25× more per row and
 *   sklearn's stopping rule on the training loss lets small samples overfit to max_iter.)
 * - Sanity on the real reference posteriors: two halves of one reference sample (should be ≈ 0.5).
 * - Peer: scikit-learn's MLPClassifier + KFold exactly as sbibm/metrics/c2st.py, on the same
 *   data, one BLAS thread (skipped when /usr/bin/python3 has no sklearn). The numbers agree in
 *   distribution, not bit for bit: the random streams differ.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { c2st } from '../src/diagnostics/index.js';
import { createRng } from '../src/runtime/rng.js';
import { normalCdf } from '../src/diagnostics/stats.js';
import type { Benchmark, BenchTable } from './harness.js';

const REFERENCE = join(import.meta.dirname, '..', '..', 'shared', 'reference', 'sbibm');

function gaussian(n: number, dim: number, shift: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * dim }, (_, i) => rng.normal() + (i % dim === 0 ? shift : 0));
}

function referenceSamples(task: string, obs: number): { draws: Float64Array; dim: number } | null {
  try {
    const text = gunzipSync(readFileSync(join(REFERENCE, task, `obs${obs}`, 'reference_posterior_samples.csv.gz'))).toString();
    const lines = text.trim().split('\n');
    const dim = lines[0]!.split(',').length;
    return { draws: Float64Array.from(lines.slice(1).flatMap((l) => l.split(',').map(Number))), dim };
  } catch {
    return null;
  }
}

const SKLEARN = `
import sys, json, time, numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.model_selection import KFold, cross_val_score
X = np.loadtxt(sys.argv[1], ndmin=2); Y = np.loadtxt(sys.argv[2], ndmin=2)
t = time.time()
m, s = X.mean(0), X.std(0, ddof=1)
X = (X - m) / s; Y = (Y - m) / s
d = X.shape[1]
data = np.concatenate([X, Y]); target = np.concatenate([np.zeros(len(X)), np.ones(len(Y))])
clf = MLPClassifier(activation="relu", hidden_layer_sizes=(10 * d, 10 * d), max_iter=1000, solver="adam", random_state=1)
acc = cross_val_score(clf, data, target, cv=KFold(n_splits=5, shuffle=True, random_state=1), scoring="accuracy")
print(json.dumps({"accuracy": float(acc.mean()), "seconds": time.time() - t}))
`;

function sklearnC2st(a: Float64Array, b: Float64Array, dim: number): { accuracy: number; seconds: number } | null {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'c2st-'));
    const write = (name: string, x: Float64Array) => {
      const rows: string[] = [];
      for (let i = 0; i < x.length; i += dim) rows.push(Array.from(x.subarray(i, i + dim)).join(' '));
      writeFileSync(join(dir, name), rows.join('\n'));
      return join(dir, name);
    };
    const out = execFileSync('/usr/bin/python3', ['-c', SKLEARN, write('a.txt', a), write('b.txt', b)], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out) as { accuracy: number; seconds: number };
  } catch {
    return null;
  }
}

const bench: Benchmark = {
  id: 'c2st',
  title: 'C2ST (sbibm definition): speed and agreement with scikit-learn',
  async run({ quick, log }) {
    const n = quick ? 2000 : 10_000;
    const cases: { name: string; a: Float64Array; b: Float64Array; dim: number; expected: string }[] = [
      { name: `N(0,I) vs N(0,I), 2-D`, a: gaussian(n, 2, 0, 1), b: gaussian(n, 2, 0, 2), dim: 2, expected: '0.5' },
      { name: `N(0,I) vs N(e1,I), 2-D`, a: gaussian(n, 2, 0, 3), b: gaussian(n, 2, 1, 4), dim: 2, expected: normalCdf(0.5).toFixed(4) },
    ];
    const moons = referenceSamples('two_moons', 1);
    if (moons) {
      const half = (moons.draws.length / moons.dim / 2) * moons.dim;
      cases.push({ name: 'two_moons obs1 reference, half vs half', a: moons.draws.slice(0, half), b: moons.draws.slice(half), dim: 2, expected: '≈0.5' });
    }
    const rows: BenchTable['rows'] = [];
    for (const c of cases) {
      log(`c2st: ${c.name}`);
      const t0 = performance.now();
      const ours = c2st(c.a, c.b, c.dim, { seed: 1 });
      const seconds = (performance.now() - t0) / 1000;
      const peer = sklearnC2st(c.a, c.b, c.dim);
      rows.push({
        case: c.name,
        'n vs n': `${c.a.length / c.dim} vs ${c.b.length / c.dim}`,
        expected: c.expected,
        accuracy: ours.accuracy,
        'seconds (ours)': seconds,
        'epochs per fold': ours.epochs.join('/'),
        'sklearn accuracy': peer?.accuracy ?? null,
        'sklearn seconds': peer?.seconds ?? null,
        'speed-up vs sklearn': peer ? peer.seconds / seconds : null,
      });
    }
    return [{
      title: 'C2ST, 5-fold CV, MLP 2×10·dim ReLU, Adam (sklearn defaults), one core',
      rows,
      notes: [
        'ours: hand-written float64 MLP + Adam (src/diagnostics/c2st/mlp.ts); sklearn: MLPClassifier + cross_val_score as sbibm/metrics/c2st.py, OMP/OpenBLAS 1 thread.',
        'Accuracies differ within Monte Carlo error only: different random streams for init, folds and minibatches.',
      ],
    }];
  },
};

export default bench;
