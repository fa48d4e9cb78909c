/**
 * Small numerical helpers the plot builders share: histograms, a Gaussian KDE, thinning.
 * Binning happens here rather than in Vega so that SVGs stay small (one rect per bin, not one
 * datum per draw) and the numbers in a plot can be tested directly.
 */

export interface Bin {
  x0: number;
  x1: number;
  count: number;
  /** count / (n · width): comparable with a density curve. */
  density: number;
}

/** Finite values only (a NaN draw must not blank the whole plot). */
function finite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  return out;
}

export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  return [lo, hi];
}

/** Equal-width histogram; the bin count follows Freedman–Diaconis, clamped to [10, 50]. */
export function histogram(values: ArrayLike<number>, bins?: number): Bin[] {
  const xs = finite(values).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return [];
  let [lo, hi] = [xs[0]!, xs[n - 1]!];
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  let k = bins;
  if (k === undefined) {
    const iqr = xs[Math.floor(0.75 * (n - 1))]! - xs[Math.floor(0.25 * (n - 1))]!;
    const width = (2 * iqr) / Math.cbrt(n);
    k = width > 0 ? Math.ceil((hi - lo) / width) : 20;
    k = Math.min(50, Math.max(10, k));
  }
  const width = (hi - lo) / k;
  const counts = new Array<number>(k).fill(0);
  for (const x of xs) counts[Math.min(k - 1, Math.floor((x - lo) / width))]!++;
  return counts.map((count, i) => ({ x0: lo + i * width, x1: lo + (i + 1) * width, count, density: count / (n * width) }));
}

/** Gaussian kernel density estimate on `points` grid points (Silverman's bandwidth). */
export function kde(values: ArrayLike<number>, points = 80): { x: number; density: number }[] {
  const xs = finite(values);
  const n = xs.length;
  if (n < 2) return [];
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const sorted = [...xs].sort((a, b) => a - b);
  const iqr = sorted[Math.floor(0.75 * (n - 1))]! - sorted[Math.floor(0.25 * (n - 1))]!;
  const spread = Math.min(sd, iqr > 0 ? iqr / 1.34 : sd);
  const h = 0.9 * (spread > 0 ? spread : 1) * n ** -0.2;
  const [lo, hi] = [sorted[0]!, sorted[n - 1]!];
  // KDE cost is n × points: subsample large draw sets (the curve does not change visibly).
  const stride = Math.max(1, Math.floor(n / 4000));
  const used = sorted.filter((_, i) => i % stride === 0);
  const norm = 1 / (used.length * h * Math.sqrt(2 * Math.PI));
  const out: { x: number; density: number }[] = [];
  for (let i = 0; i < points; i++) {
    const x = lo + ((hi - lo) * i) / (points - 1);
    let s = 0;
    for (const v of used) s += Math.exp(-0.5 * ((x - v) / h) ** 2);
    out.push({ x, density: s * norm });
  }
  return out;
}

/** Every k-th index so that at most `max` remain. */
export function thinIndices(length: number, max: number): number[] {
  const step = Math.max(1, Math.ceil(length / max));
  const out: number[] = [];
  for (let i = 0; i < length; i += step) out.push(i);
  return out;
}
